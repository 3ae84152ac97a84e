import type { ScoredId } from "@/lib/index/scored-id";

/**
 * Recall@k of approximate results against exact ones: the share of the true k nearest ids
 * that the approximate search returned, averaged over queries (1 = perfect).
 */
export function recallAtK(approximate: ScoredId[][], exact: ScoredId[][], k: number): number {
  if (approximate.length !== exact.length)
    throw new Error(
      `got ${approximate.length} approximate and ${exact.length} exact result lists; pass one of each per query`,
    );
  if (exact.length === 0) return 1;
  let sum = 0;
  for (let q = 0; q < exact.length; q++) {
    const truth = exact[q].slice(0, k);
    if (truth.length === 0) {
      sum += 1;
      continue;
    }
    const found = new Set(approximate[q].slice(0, k).map((r) => r.id));
    sum += truth.filter((r) => found.has(r.id)).length / truth.length;
  }
  return sum / exact.length;
}
