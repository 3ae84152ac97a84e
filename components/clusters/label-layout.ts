/**
 * Which cluster labels to show on the map: each in turn (largest cluster first) unless its box
 * would overlap one already placed or fall outside the view, so labels never pile up.
 */

/** A label to place: its screen centre and text. */
export interface LabelCandidate {
  key: number;
  text: string;
  x: number;
  y: number;
}

const CHAR_WIDTH = 7;
const HEIGHT = 20;
const MAX_WIDTH = 192;

/** The candidates that fit, in order, within a `width` × `height` view. */
export function placeLabels(candidates: LabelCandidate[], width: number, height: number): LabelCandidate[] {
  const placed: { c: LabelCandidate; w: number }[] = [];
  for (const c of candidates) {
    const w = Math.min(MAX_WIDTH, c.text.length * CHAR_WIDTH + 12);
    if (c.x < 0 || c.y < 0 || c.x > width || c.y > height) continue;
    const overlaps = placed.some((p) => Math.abs(p.c.x - c.x) < (p.w + w) / 2 && Math.abs(p.c.y - c.y) < HEIGHT);
    if (!overlaps) placed.push({ c, w });
  }
  return placed.map((p) => p.c);
}
