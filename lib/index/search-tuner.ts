import { runCooperatively, runToEnd, type CooperativeOptions, type Steps } from "@/lib/core/cooperative";
import type { IndexParams } from "@/lib/index/index-params";
import { exactSearch } from "@/lib/index/exact-search";
import { recallAtK } from "@/lib/index/recall-at-k";
import type { ScoredId } from "@/lib/index/scored-id";
import type { SearchOptions, VectorIndex } from "@/lib/index/vector-index";

/** The outcome of {@link tuneSearch}: how the index should search by default, and why. */
export interface SearchTuning {
  /** The fastest mode that reached the target recall (`exact` when none else did). */
  mode: IndexParams["mode"];
  /** The graph's default ef: 4 times the smallest that reached the target on stored vectors (fresh queries need more), else the largest tried. */
  ef: number;
  /** Rescored candidates of the quantised scan in `mode` (int8 or binary; else that of int8, as measured). */
  candidates: number;
  /** Recall@k of the chosen mode against exact search. */
  recall: number;
  /** Recall@k of the graph at `ef`. */
  graphRecall: number;
  /** Whether the graph reached the target at some ef up to `maxEf`. */
  graphReached: boolean;
  /** Mean milliseconds per query of each mode at its chosen setting (Infinity where not measured or short of the target). */
  msPerQuery: { hnsw: number; exact: number; int8: number; binary: number };
  /** Recall@k of each quantised scan at its chosen candidate count (0 where not measured). */
  quantizedRecall: { int8: number; binary: number };
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
  /** Consider the exact scan (default true); false tunes the graph's ef alone (with allowQuantized false). */
  allowExact?: boolean;
  /** Consider the int8 and binary scans (default true). */
  allowQuantized?: boolean;
}

/** Candidate list sizes tried in turn, about ×1.5 apart. */
const LADDER = [10, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096];
/** The graph's default ef is this many times the ef at which stored vectors reached the target (see tuneSearch). */
const GRAPH_SAFETY = 4;
/** The most candidates a quantised scan may rescore (each costs a float vector read). */
const MAX_CANDIDATES = 1024;

/** Results without the query's own id, cut to k. */
function others(results: ScoredId[], self: number, k: number): ScoredId[] {
  return results.filter((r) => r.id !== self).slice(0, k);
}

/**
 * Runs `search` once per query, a step each; the results and the mean milliseconds per query.
 * Only the searches are timed, not the turns of the event loop taken between them.
 */
function* timed<T>(queries: number[], search: (i: number) => T): Steps<{ results: T[]; ms: number }> {
  const results: T[] = [];
  let ms = 0;
  for (const q of queries) {
    const started = performance.now();
    results.push(search(q));
    ms += performance.now() - started;
    yield;
  }
  return { results, ms: ms / Math.max(queries.length, 1) };
}

interface Step {
  setting: number;
  recall: number;
  ms: number;
}

/**
 * Climbs `settings` until the recall reaches `target` or a step is no faster than `bound` ms
 * (a larger setting only makes it slower); the last step measured.
 */
function* climb(
  settings: number[],
  target: number,
  bound: number,
  measure: (setting: number) => Steps<Omit<Step, "setting">>,
): Steps<Step> {
  let step: Step = { setting: settings[settings.length - 1], recall: 0, ms: Infinity };
  for (const setting of settings) {
    step = { setting, ...(yield* measure(setting)) };
    if (step.recall >= target || step.ms >= bound) break;
  }
  return step;
}

/**
 * Chooses how the index searches by default: among the graph at its smallest `ef` that reaches
 * `target` recall@k against exact search on this data, the int8 and binary scans at their
 * smallest candidate counts that reach it, and the exact scan, the fastest. Real sentence
 * embeddings reach the target at a small ef (the graph wins); uniformly random vectors need an ef
 * so large that a scan is cheaper, and small corpora are cheaper to scan too. Queries are stored
 * vectors spread evenly over the index, each looking for its k nearest *other* vectors. Cost:
 * `queries` exact scans in JS plus the searches of each ladder; run it in a worker, after
 * building. A ladder stops early once it is slower than the exact scan.
 */
export function tuneSearch(index: VectorIndex, options: SearchTuningOptions = {}): SearchTuning {
  return runToEnd(tuningSteps(index, options));
}

/**
 * {@link tuneSearch} in slices with a turn of the event loop between them (a query each), so a
 * job's heartbeat and cancel keep working while it runs; `signal` stops it between two queries.
 * The timings count only the searches.
 */
export function tuneSearchAsync(
  index: VectorIndex,
  options: SearchTuningOptions & CooperativeOptions = {},
): Promise<SearchTuning> {
  return runCooperatively(tuningSteps(index, options), options);
}

function* tuningSteps(index: VectorIndex, options: SearchTuningOptions): Steps<SearchTuning> {
  const { target = 0.95, k = 10, maxEf = 4096, allowExact = true, allowQuantized = true } = options;
  const ids = index.ids();
  const count = Math.min(options.queries ?? 200, ids.length);
  const none = { hnsw: Infinity, exact: Infinity, int8: Infinity, binary: Infinity };
  if (ids.length <= k + 1)
    return {
      mode: "exact",
      ef: Math.max(k, 16),
      candidates: index.params.candidates,
      recall: 1,
      graphRecall: 1,
      graphReached: true,
      msPerQuery: { ...none, hnsw: 0, exact: 0 },
      quantizedRecall: { int8: 0, binary: 0 },
      queries: count,
    };
  const vectors = new Float32Array(ids.length * index.dim);
  for (let i = 0; i < ids.length; i++) {
    vectors.set(index.vector(ids[i])!, i * index.dim);
    if (i % 256 === 255) yield;
  }
  const picks = Array.from({ length: count }, (_, q) => Math.floor((q * ids.length) / count));
  const row = (i: number) => vectors.subarray(i * index.dim, (i + 1) * index.dim);
  const truth: ScoredId[][] = [];
  for (const i of picks) {
    truth.push(others(exactSearch(vectors, ids, row(i), k + 1), ids[i], k));
    yield;
  }
  const measure = function* (search: SearchOptions): Steps<{ recall: number; ms: number }> {
    index.search(row(0), k + 1, search); // makes a scan's copy outside the timing
    yield;
    const run = yield* timed(picks, (i) => others(index.search(row(i), k + 1, search), ids[i], k));
    return { recall: recallAtK(run.results, truth, k), ms: run.ms };
  };

  const exact = allowExact ? yield* measure({ exact: true }) : { ms: Infinity, recall: 1 };
  const efLadder = LADDER.filter((e) => e >= k && e < maxEf).concat(maxEf);
  const measureGraph = (ef: number) => measure({ ef: Math.max(ef, k + 1), exact: false });
  let graph = yield* climb(efLadder, target, exact.ms, measureGraph);
  if (graph.recall >= target && graph.setting < maxEf) {
    // A stored vector is an easy query: it is a node of the graph, linked to its neighbours. On
    // real embeddings with held-out sentences as queries, the ef that stored vectors needed gave
    // recall 0.85-0.87, and 3-4 times that ef gave 0.96-0.98 (bench/search.ts, 20k and 100k).
    const safe = Math.min(maxEf, efLadder.find((e) => e >= GRAPH_SAFETY * graph.setting) ?? maxEf);
    graph = { setting: safe, ...(yield* measureGraph(safe)) };
  }
  const candidateLadder = LADDER.filter((c) => c >= 2 * k && c <= MAX_CANDIDATES);
  const int8 = allowQuantized
    ? yield* climb(candidateLadder, target, exact.ms, (candidates) => measure({ mode: "int8", candidates }))
    : undefined;
  const binary = allowQuantized
    ? yield* climb(candidateLadder, target, exact.ms, (candidates) => measure({ mode: "binary", candidates }))
    : undefined;

  const reached = (step: { recall: number; ms: number } | undefined) =>
    step && step.recall >= target ? step.ms : Infinity;
  const msPerQuery = { hnsw: graph.ms, exact: exact.ms, int8: int8?.ms ?? Infinity, binary: binary?.ms ?? Infinity };
  const contenders: [IndexParams["mode"], number][] = [
    ["hnsw", reached(graph)],
    ["int8", reached(int8)],
    ["binary", reached(binary)],
    ["exact", allowExact ? exact.ms : Infinity],
  ];
  const [fastest, best] = contenders.reduce((a, b) => (b[1] < a[1] ? b : a));
  const mode = best === Infinity ? (allowExact ? "exact" : "hnsw") : fastest;
  const chosen = mode === "binary" ? binary : int8;
  const recall = { hnsw: graph.recall, exact: exact.recall, int8: int8?.recall ?? 0, binary: binary?.recall ?? 0 }[
    mode
  ];
  return {
    mode,
    ef: graph.setting,
    candidates: chosen?.setting ?? index.params.candidates,
    recall,
    graphRecall: graph.recall,
    graphReached: graph.recall >= target,
    msPerQuery,
    quantizedRecall: { int8: int8?.recall ?? 0, binary: binary?.recall ?? 0 },
    queries: count,
  };
}
