import { csrFromEntries, type CsrMatrix } from "@/lib/train/warm-start/sparse-matrix";

/** Options of {@link ppmiMatrix}. */
export interface PpmiOptions {
  /** Tokens on each side that count as context. Default 5. */
  window?: number;
  /**
   * Context distribution smoothing α (Levy, Goldberg & Dagan 2015): context counts are raised
   * to α before normalising, which stops rare contexts from getting huge PMI. Default 0.75.
   */
  smoothing?: number;
  /** Weigh a context at distance d by 1/d (as word2vec's dynamic window on average). Default true. */
  harmonic?: boolean;
  /** Token ids to leave out as words and contexts (padding, [CLS], [SEP], …). */
  ignore?: ReadonlySet<number>;
}

/**
 * Positive pointwise mutual information of token co-occurrence:
 * PPMI(w, c) = max(0, log(P(w, c) / (P(w) · P_α(c)))), counted over a symmetric window of
 * each token within its sequence. The classic corpus statistic behind count-based word vectors:
 * its truncated SVD gives embeddings on a par with word2vec on similarity tasks.
 * @param sequences token ids per text
 * @returns `[vocab, vocab]` sparse (the counts are symmetric; with smoothing the PMI is not quite)
 */
export function ppmiMatrix(
  sequences: Iterable<ArrayLike<number>>,
  vocabSize: number,
  options: PpmiOptions = {},
): CsrMatrix {
  const { window = 5, smoothing = 0.75, harmonic = true, ignore = new Set<number>() } = options;
  const pairs = new Map<number, number>();
  const rowSums = new Float64Array(vocabSize);
  for (const seq of sequences) {
    for (let i = 0; i < seq.length; i++) {
      const w = seq[i];
      if (ignore.has(w) || w < 0 || w >= vocabSize) continue;
      for (let d = 1; d <= window && i + d < seq.length; d++) {
        const c = seq[i + d];
        if (ignore.has(c) || c < 0 || c >= vocabSize) continue;
        const weight = harmonic ? 1 / d : 1;
        // Both directions: the matrix is symmetric.
        pairs.set(w * vocabSize + c, (pairs.get(w * vocabSize + c) ?? 0) + weight);
        pairs.set(c * vocabSize + w, (pairs.get(c * vocabSize + w) ?? 0) + weight);
        rowSums[w] += weight;
        rowSums[c] += weight;
      }
    }
  }
  let total = 0;
  let smoothedTotal = 0;
  const smoothed = new Float64Array(vocabSize);
  for (let v = 0; v < vocabSize; v++) {
    total += rowSums[v];
    smoothed[v] = rowSums[v] ** smoothing;
    smoothedTotal += smoothed[v];
  }
  const entries = new Map<number, number>();
  for (const [key, count] of pairs) {
    const w = Math.floor(key / vocabSize);
    const c = key - w * vocabSize;
    const pmi = Math.log(count / total / ((rowSums[w] / total) * (smoothed[c] / smoothedTotal)));
    if (pmi > 0) entries.set(key, pmi);
  }
  return csrFromEntries(vocabSize, vocabSize, entries);
}
