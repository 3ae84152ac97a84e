import { exactSearch } from "./exact-search";
import { recallAtK } from "./recall-at-k";
import type { ScoredId } from "./scored-id";
import type { VectorIndex } from "./vector-index";

/** The outcome of {@link tuneEf}: the chosen default ef and the recall measured at it. */
export interface EfTuning {
  ef: number;
  /** Recall@k against exact search at `ef`, over `queries` sample queries. */
  recall: number;
  queries: number;
  /** False when even `maxEf` fell short of the target (ef is then `maxEf`). */
  reached: boolean;
}

export interface EfTuningOptions {
  /** Recall@k to reach (default 0.95). */
  target?: number;
  k?: number;
  /** Stored vectors used as queries (default 200). */
  queries?: number;
  maxEf?: number;
}

/** Candidate list sizes tried in turn, about ×1.5 apart. */
const LADDER = [10, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096];

/** Results without the query's own id, cut to k. */
function others(results: ScoredId[], self: number, k: number): ScoredId[] {
  return results.filter((r) => r.id !== self).slice(0, k);
}

/**
 * Finds the smallest default `ef` at which the index reaches `target` recall@k against exact
 * search, so the default fits the data: real sentence embeddings need a small ef (fast), while
 * uniformly random vectors need a large one. Queries are stored vectors spread evenly over the
 * index, each looking for its k nearest *other* vectors. Cost: `queries` exact scans of the
 * index plus the searches of the ladder; run it in a worker, after building.
 */
export function tuneEf(index: VectorIndex, options: EfTuningOptions = {}): EfTuning {
  const { target = 0.95, k = 10, maxEf = 4096 } = options;
  const ids = index.ids();
  const count = Math.min(options.queries ?? 200, ids.length);
  if (ids.length <= k + 1) return { ef: Math.max(k, 16), recall: 1, queries: count, reached: true };
  const vectors = new Float32Array(ids.length * index.dim);
  ids.forEach((id, i) => vectors.set(index.vector(id)!, i * index.dim));
  const picks = Array.from({ length: count }, (_, q) => Math.floor((q * ids.length) / count));
  const row = (i: number) => vectors.subarray(i * index.dim, (i + 1) * index.dim);
  const truth = picks.map((i) => others(exactSearch(vectors, ids, row(i), k + 1), ids[i], k));
  let last: EfTuning | undefined;
  for (const ef of LADDER.filter((e) => e >= k && e < maxEf).concat(maxEf)) {
    const found = picks.map((i) => others(index.search(row(i), k + 1, { ef: Math.max(ef, k + 1) }), ids[i], k));
    last = { ef, recall: recallAtK(found, truth, k), queries: count, reached: false };
    if (last.recall >= target) return { ...last, reached: true };
  }
  return last!;
}
