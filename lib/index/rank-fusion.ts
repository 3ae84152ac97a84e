import type { ScoredId } from "@/lib/index/scored-id";

/**
 * Fusing the result lists of several engines (dense HNSW, lexical BM25) into one (pure).
 * Input lists are best first, with higher scores better (negate raw FTS5 bm25).
 */

/** Where a fused result stood in one input list, kept so the UI can explain the ranking. */
export interface SourceRank {
  /** 1-based position in that list. */
  rank: number;
  /** The score that list gave. */
  score: number;
  /** The score after min-max normalisation to [0, 1] (weighted score fusion only). */
  normalized?: number;
}

/** One fused result: id, fused score (higher is better) and its place in each list that had it. */
export interface FusedResult {
  id: number;
  score: number;
  sources: Record<string, SourceRank>;
}

/** The constant of reciprocal rank fusion (Cormack et al., 2009): damps the weight of the top ranks. */
export const RRF_K = 60;

/**
 * Reciprocal rank fusion: score(id) = Σ over lists containing id of 1 / (k + rank).
 * Ignores the lists' scores, so it needs no calibration between engines.
 *
 * @param lists - named result lists, e.g. `{ dense, lexical }`, each best first
 * @param k - the RRF constant (default 60)
 */
export function reciprocalRankFusion(lists: Record<string, ScoredId[]>, k = RRF_K): FusedResult[] {
  if (!(k >= 0)) throw new Error(`RRF k must be a non-negative number, got ${k}`);
  const fused = new Map<number, FusedResult>();
  for (const [source, list] of Object.entries(lists)) {
    forEachRanked(list, (item, rank) => {
      const entry = entryFor(fused, item.id);
      entry.score += 1 / (k + rank);
      entry.sources[source] = { rank, score: item.score };
    });
  }
  return sortFused(fused);
}

/**
 * Weighted score fusion: each list's scores are min-max normalised to [0, 1], then
 * score(id) = α · dense + (1 − α) · lexical, where a list that lacks the id contributes 0
 * (as its worst result would). A list whose scores are all equal normalises to 1.
 *
 * @param alpha - weight of the dense list in [0, 1]; 1 = dense only, 0 = lexical only
 */
export function weightedScoreFusion(lists: { dense: ScoredId[]; lexical: ScoredId[] }, alpha: number): FusedResult[] {
  if (!(alpha >= 0 && alpha <= 1))
    throw new Error(`alpha must be between 0 and 1, got ${alpha}; 0.5 weighs dense and lexical equally`);
  const weights: Record<string, number> = { dense: alpha, lexical: 1 - alpha };
  const fused = new Map<number, FusedResult>();
  for (const [source, list] of Object.entries(lists)) {
    const scores = list.map((r) => r.score);
    const min = Math.min(...scores);
    const span = Math.max(...scores) - min;
    forEachRanked(list, (item, rank) => {
      const normalized = span > 0 ? (item.score - min) / span : 1;
      const entry = entryFor(fused, item.id);
      entry.score += weights[source] * normalized;
      entry.sources[source] = { rank, score: item.score, normalized };
    });
  }
  return sortFused(fused);
}

/** Visits each id once (its best position; duplicates later in a list are ignored) with its 1-based rank. */
function forEachRanked(list: ScoredId[], visit: (item: ScoredId, rank: number) => void): void {
  const seen = new Set<number>();
  let rank = 0;
  for (const item of list) {
    if (seen.has(item.id)) continue;
    if (!Number.isFinite(item.score))
      throw new Error(`result ${item.id} has score ${item.score}; engines must return finite scores`);
    seen.add(item.id);
    visit(item, ++rank);
  }
}

function entryFor(fused: Map<number, FusedResult>, id: number): FusedResult {
  let entry = fused.get(id);
  if (!entry) {
    entry = { id, score: 0, sources: {} };
    fused.set(id, entry);
  }
  return entry;
}

/** Best fused score first; ties go to the better best rank, then to the lower id, so output is deterministic. */
function sortFused(fused: Map<number, FusedResult>): FusedResult[] {
  const bestRank = (r: FusedResult) => Math.min(...Object.values(r.sources).map((s) => s.rank));
  return [...fused.values()].sort((a, b) => b.score - a.score || bestRank(a) - bestRank(b) || a.id - b.id);
}
