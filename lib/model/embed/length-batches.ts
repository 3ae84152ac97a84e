/** Options of {@link lengthBatches}. */
export interface LengthBatchOptions {
  /** Most rows in one batch. */
  maxRows: number;
  /**
   * Largest share of padding a batch may hold before it is cut (once it has `minRows`):
   * padding costs as much compute as real tokens. Default 0.1.
   */
  maxPadding?: number;
  /** Fewest rows a cut leaves in a batch, since each forward pass has a fixed cost. Default 8. */
  minRows?: number;
}

/**
 * Cuts rows sorted by ascending token length into batches `[start, end)` of at most `maxRows`,
 * also cutting where padding to the batch's longest row would exceed `maxPadding` of its tokens.
 * With rows of 16…32 tokens in one batch of 64, that saves about a fifth of the compute. Pure.
 */
export function lengthBatches(sortedLengths: readonly number[], options: LengthBatchOptions): [number, number][] {
  const { maxRows, maxPadding = 0.1, minRows = 8 } = options;
  if (!(maxRows >= 1)) throw new Error(`batch size ${maxRows} must be at least 1`);
  const batches: [number, number][] = [];
  let start = 0;
  let tokens = 0;
  for (let i = 0; i < sortedLengths.length; i++) {
    const rows = i - start + 1;
    const padded = rows * sortedLengths[i];
    const tooPadded = rows > minRows && padded - (tokens + sortedLengths[i]) > maxPadding * padded;
    if (rows > maxRows || tooPadded) {
      batches.push([start, i]);
      start = i;
      tokens = 0;
    }
    tokens += sortedLengths[i];
  }
  if (start < sortedLengths.length) batches.push([start, sortedLengths.length]);
  return batches;
}
