/** Graded relevance of the judged documents of one query (doc id → gain; > 0 is relevant). */
export type Judgements = ReadonlyMap<string, number>;

/**
 * nDCG@k with linear gains (pytrec_eval / BEIR): Σ_{i<k} rel_i / log2(i + 2) over the ranking,
 * divided by the same sum over the ideal order of all judged relevant documents.
 * @param ranked doc ids, best first (at least the top k)
 * @returns in [0, 1]; 0 when nothing is relevant
 */
export function ndcgAt(ranked: readonly string[], judged: Judgements, k: number): number {
  const gains = ranked.slice(0, k).map((id) => Math.max(judged.get(id) ?? 0, 0));
  const ideal = [...judged.values()]
    .filter((g) => g > 0)
    .sort((a, b) => b - a)
    .slice(0, k);
  const idcg = discountedSum(ideal);
  return idcg === 0 ? 0 : discountedSum(gains) / idcg;
}

function discountedSum(gains: readonly number[]): number {
  return gains.reduce((sum, gain, i) => sum + gain / Math.log2(i + 2), 0);
}

/** 1 / rank of the first relevant document within the top k, 0 when none is there. */
export function reciprocalRankAt(ranked: readonly string[], judged: Judgements, k: number): number {
  const at = ranked.slice(0, k).findIndex((id) => (judged.get(id) ?? 0) > 0);
  return at < 0 ? 0 : 1 / (at + 1);
}

/** Share of the query's relevant documents found in the top k; 0 when nothing is relevant. */
export function recallAt(ranked: readonly string[], judged: Judgements, k: number): number {
  let relevant = 0;
  for (const gain of judged.values()) if (gain > 0) relevant++;
  if (relevant === 0) return 0;
  const found = ranked.slice(0, k).filter((id) => (judged.get(id) ?? 0) > 0).length;
  return found / relevant;
}
