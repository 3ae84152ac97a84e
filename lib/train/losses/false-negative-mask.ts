/** A text's identity within a batch: a passage id, a content hash, or the text itself. */
export type TextId = string | number;

/** Ids of the texts in an InfoNCE batch, row for row with the embeddings. */
export interface BatchTextIds {
  /** `[b]` */
  anchors: readonly TextId[];
  /** `[b]` */
  positives: readonly TextId[];
  /** `[b·k]`, row for row with the extra negatives flattened to `[b·k, dim]`. */
  negatives?: readonly TextId[];
}

/**
 * Which candidates InfoNCE must not treat as negatives, from the ids of the texts.
 * Column j < b is positive j; column b + r is extra negative r (shared: every negative;
 * per-anchor: anchor i's r-th negative). Positive j is a false negative for anchor i when
 * it is the anchor's own text, its positive's text, or pair j has the same anchor text
 * (then pair j says that positive j matches anchor i). That rule is its own transpose:
 * `mask[i][j]` also says that anchor i must not be a negative for positive j, which is what
 * the symmetric direction needs. A negative is false when it repeats the anchor or positive.
 * The diagonal (the true positive) is always false.
 * @returns `[b][b + negatives per row]` booleans, true = exclude
 */
export function falseNegativeMask(ids: BatchTextIds, shareNegatives = true): boolean[][] {
  const { anchors, positives, negatives = [] } = ids;
  const b = anchors.length;
  if (positives.length !== b) {
    throw new Error(`Text ids: ${b} anchors but ${positives.length} positives: give one id per row`);
  }
  if (negatives.length % Math.max(b, 1) !== 0) {
    throw new Error(
      `Text ids: ${negatives.length} negatives is not a multiple of the ${b} anchors: give k ids per anchor`,
    );
  }
  const k = b === 0 ? 0 : negatives.length / b;
  return anchors.map((anchor, i) => {
    const own = positives[i];
    const inBatch = positives.map((p, j) => j !== i && (p === anchor || p === own || anchors[j] === anchor));
    const mine = shareNegatives ? negatives : negatives.slice(i * k, (i + 1) * k);
    return [...inBatch, ...mine.map((n) => n === anchor || n === own)];
  });
}
