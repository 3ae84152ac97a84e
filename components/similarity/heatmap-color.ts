/**
 * Colours for cosine similarity on a diverging scale: −1 in orange, 0 transparent, +1 in the
 * accent indigo. The colour is drawn with opacity over the page background, so the same scale
 * reads in light and dark mode; strong cells switch to white text to keep the value legible.
 */

const POSITIVE = "79, 70, 229"; // indigo-600, the accent
const NEGATIVE = "234, 88, 12"; // orange-600

/** Opacity above which the printed value switches to white text. */
const STRONG = 0.55;

/** Background and text colour of a heatmap cell for a cosine in [-1, 1] (clamped). */
export function heatmapStyle(value: number): { backgroundColor: string; color?: string } {
  const v = Number.isFinite(value) ? Math.max(-1, Math.min(1, value)) : 0;
  // Slightly more than linear, so 0.3 and 0.8 look clearly different.
  const alpha = Math.min(0.9, Math.pow(Math.abs(v), 0.9) * 0.9);
  return {
    backgroundColor: `rgba(${v >= 0 ? POSITIVE : NEGATIVE}, ${alpha.toFixed(3)})`,
    color: alpha > STRONG ? "#fff" : undefined,
  };
}

/** The CSS gradient of the legend, from −1 to +1. */
export const legendGradient = `linear-gradient(to right, rgba(${NEGATIVE}, 0.9), rgba(${NEGATIVE}, 0) 50%, rgba(${POSITIVE}, 0) 50%, rgba(${POSITIVE}, 0.9))`;

/** The most similar pair of different texts (i < j) of an `[n, n]` matrix, or null when n < 2. */
export function mostSimilarPair(matrix: number[][]): { i: number; j: number; value: number } | null {
  let best: { i: number; j: number; value: number } | null = null;
  for (let i = 0; i < matrix.length; i++) {
    for (let j = i + 1; j < matrix.length; j++) {
      const value = matrix[i][j];
      if (best === null || value > best.value) best = { i, j, value };
    }
  }
  return best;
}
