import type { ScoredId } from "@/lib/index/scored-id";
import { reciprocalRankFusion, RRF_K, weightedScoreFusion } from "@/lib/index/rank-fusion";

/**
 * How hybrid search fuses the dense and keyword lists: reciprocal rank fusion with constant
 * `k`, or weighted fusion of min-max normalised scores with weight `alpha` on dense.
 */
export type FusionChoice = { method: "rrf"; k: number } | { method: "weighted"; alpha: number };

/** Search's fusion when nothing was learnt: RRF with the usual constant. */
export const DEFAULT_FUSION: FusionChoice = { method: "rrf", k: RRF_K };

/**
 * The fusions tried on a held-out split, simplest first: today's default (RRF, k = 60), an even
 * weighting, other weights by their distance from even (0 = keywords only, 1 = dense only),
 * then RRF constants that favour the top ranks more. Ties keep the earlier (simpler) one.
 */
export const FUSION_CANDIDATES: readonly FusionChoice[] = [
  DEFAULT_FUSION,
  ...[0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9, 0, 1].map((alpha): FusionChoice => ({ method: "weighted", alpha })),
  { method: "rrf", k: 20 },
  { method: "rrf", k: 5 },
];

/** Fuses one query's dense and keyword lists (each best first) as `choice` says; ids best first. */
export function fuseLists(lists: { dense: ScoredId[]; lexical: ScoredId[] }, choice: FusionChoice): number[] {
  const fused =
    choice.method === "rrf" ? reciprocalRankFusion(lists, choice.k) : weightedScoreFusion(lists, choice.alpha);
  return fused.map((f) => f.id);
}

/**
 * The candidate with the best score (e.g. mean nDCG@10 over held-out queries); a later
 * candidate must beat the best so far by more than rounding to replace it. Pure.
 * @param score - the quality of a fusion, higher is better
 */
export function chooseFusion<T>(
  candidates: readonly FusionChoice[],
  score: (choice: FusionChoice) => T & { value: number },
): { choice: FusionChoice; result: T & { value: number } } {
  let best: { choice: FusionChoice; result: T & { value: number } } | undefined;
  for (const choice of candidates) {
    const result = score(choice);
    if (!best || result.value > best.result.value + 1e-9) best = { choice, result };
  }
  if (!best) throw new Error("chooseFusion needs at least one candidate");
  return best;
}

/** A fusion in words: "reciprocal rank fusion (k = 60)" or "70% dense, 30% keywords". */
export function describeFusion(choice: FusionChoice): string {
  if (choice.method === "rrf") return `reciprocal rank fusion (k = ${choice.k})`;
  const dense = Math.round(choice.alpha * 100);
  return `${dense}% meaning, ${100 - dense}% keywords`;
}
