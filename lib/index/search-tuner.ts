import type { IndexParams } from "./index-params";
import { exactSearch } from "./exact-search";
import { recallAtK } from "./recall-at-k";
import type { ScoredId } from "./scored-id";
import type { VectorIndex } from "./vector-index";

/** The outcome of {@link tuneSearch}: how the index should search by default, and why. */
export interface SearchTuning {
  /** `exact` when the graph falls short of the target recall or is slower than a full scan there. */
  mode: IndexParams["mode"];
  /** The graph's default ef: the smallest that reached the target, else the largest tried. */
  ef: number;
  /** Recall@k of the chosen mode against exact search. */
  recall: number;
  /** Recall@k of the graph at `ef`. */
  graphRecall: number;
  /** Whether the graph reached the target at some ef up to `maxEf`. */
  graphReached: boolean;
  /** Mean milliseconds per query of the graph at `ef` and of the exact scan. */
  msPerQuery: { hnsw: number; exact: number };
  /** Sample queries measured. */
  queries: number;
}

export interface SearchTuningOptions {
  /** Recall@k to reach (default 0.95). */
  target?: number;
  k?: number;
  /** Stored vectors used as queries (default 200). */
  queries?: number;
  maxEf?: number;
  /** Consider the exact scan (default true); false tunes the graph's ef alone. */
  allowExact?: boolean;
}

/** Candidate list sizes tried in turn, about ×1.5 apart. */
const LADDER = [10, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096];

/** Results without the query's own id, cut to k. */
function others(results: ScoredId[], self: number, k: number): ScoredId[] {
  return results.filter((r) => r.id !== self).slice(0, k);
}

/** Runs `search` once per query; the results and the mean milliseconds per query. */
function timed<T>(queries: number[], search: (i: number) => T): { results: T[]; ms: number } {
  const started = performance.now();
  const results = queries.map(search);
  return { results, ms: (performance.now() - started) / Math.max(queries.length, 1) };
}

/**
 * Chooses how the index searches by default: the smallest graph `ef` that reaches `target`
 * recall@k against exact search on this data, or an exact scan when that is as fast or the
 * graph cannot reach the target at all. Real sentence embeddings reach the target at a small ef
 * (fast); uniformly random vectors need an ef so large that a native scan is cheaper, and small
 * corpora are cheaper to scan too. Queries are stored vectors spread evenly over the index, each
 * looking for its k nearest *other* vectors. Cost: `queries` exact scans in JS plus the searches
 * of the ladder; run it in a worker, after building. The ladder stops early once the graph is
 * slower than the scan, since a larger ef only makes it slower.
 */
export function tuneSearch(index: VectorIndex, options: SearchTuningOptions = {}): SearchTuning {
  const { target = 0.95, k = 10, maxEf = 4096, allowExact = true } = options;
  const ids = index.ids();
  const count = Math.min(options.queries ?? 200, ids.length);
  if (ids.length <= k + 1) return { mode: "exact", ef: Math.max(k, 16), recall: 1, graphRecall: 1, graphReached: true, msPerQuery: { hnsw: 0, exact: 0 }, queries: count };
  const vectors = new Float32Array(ids.length * index.dim);
  ids.forEach((id, i) => vectors.set(index.vector(id)!, i * index.dim));
  const picks = Array.from({ length: count }, (_, q) => Math.floor((q * ids.length) / count));
  const row = (i: number) => vectors.subarray(i * index.dim, (i + 1) * index.dim);
  const truth = picks.map((i) => others(exactSearch(vectors, ids, row(i), k + 1), ids[i], k));

  let exact = { ms: Infinity, recall: 1 };
  if (allowExact) {
    index.search(row(0), 1, { exact: true }); // makes the brute-force copy outside the timing
    const run = timed(picks, (i) => others(index.search(row(i), k + 1, { exact: true }), ids[i], k));
    exact = { ms: run.ms, recall: recallAtK(run.results, truth, k) };
  }

  let graph = { ef: maxEf, recall: 0, ms: Infinity };
  for (const ef of LADDER.filter((e) => e >= k && e < maxEf).concat(maxEf)) {
    const run = timed(picks, (i) => others(index.search(row(i), k + 1, { ef: Math.max(ef, k + 1) }), ids[i], k));
    graph = { ef, recall: recallAtK(run.results, truth, k), ms: run.ms };
    if (graph.recall >= target || graph.ms >= exact.ms) break;
  }
  const graphReached = graph.recall >= target;
  const mode = !allowExact || (graphReached && graph.ms < exact.ms) ? "hnsw" : "exact";
  return {
    mode,
    ef: graph.ef,
    recall: mode === "exact" ? exact.recall : graph.recall,
    graphRecall: graph.recall,
    graphReached,
    msPerQuery: { hnsw: graph.ms, exact: exact.ms },
    queries: count,
  };
}
