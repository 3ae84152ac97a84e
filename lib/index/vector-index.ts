import hnswlib, { type SearchResult } from "hnswlib-node";
import { DEFAULT_INDEX_PARAMS, indexParamsSchema, type IndexParams } from "@/lib/index/index-params";
import { QuantizedVectors, rescore, type QuantizationKind } from "@/lib/index/quantized-vectors";
import { sharedScanPool, type ScanPool } from "@/lib/index/scan-pool";
import { SearchThread, type SearchThreadStats, type ThreadMode } from "@/lib/index/search-thread";
import type { SearchThreadPolicy } from "@/lib/index/search-thread-policy";
import type { ScoredId } from "@/lib/index/scored-id";
import { runCooperatively, runToEnd, type CooperativeOptions, type Steps } from "@/lib/core/cooperative";
import { l2Normalize } from "@/lib/core/vector-math";

type NativeIndex = InstanceType<typeof hnswlib.HierarchicalNSW>;
type NativeFlat = InstanceType<typeof hnswlib.BruteforceSearch>;

/** hnswlib labels are unsigned 32-bit integers. */
const MAX_LABEL = 0xffffffff;
/** Capacity grows by at least this factor, so adding one batch at a time stays amortised O(1). */
const GROWTH = 1.5;
const MIN_CAPACITY = 64;
/** Vectors copied into the brute-force index between two yields to the event loop while loading. */
const BLOCK_BETWEEN_YIELDS = 2000;

/** What {@link VectorIndex.writeFile} wrote. */
export interface WrittenIndex {
  /** Searchable vectors. */
  count: number;
  /** Ids marked deleted, ascending. */
  deletedIds: number[];
}

/** Options of {@link VectorIndex.create}; the HNSW ones default to {@link DEFAULT_INDEX_PARAMS}. */
export interface CreateIndexOptions extends Partial<IndexParams> {
  /** Length of every vector (e.g. 384 for MiniLM-L6). */
  dim: number;
  /** Initial capacity; `add` grows it when needed. */
  maxElements?: number;
}

/** Where graph and exact searches of `searchAsync` run for an index read from a file (see search-thread-policy.ts). */
export type { SearchThreadPolicy };

/**
 * `auto` moves searches off the event loop from this cost up (median of a load-time probe): about
 * twice a search thread's round trip, measured at 0.056 ms p50 on 2 shared cores (a batch of one
 * query to a thread holding 16 vectors, setImmediate and message included; load average 10).
 * Below it the round trip costs about what the search does; above it the event loop gains more
 * than the message costs. 20,000 low-rank vectors of dimension 384 at ef=48 take 0.19 ms.
 */
export const OFF_THREAD_MIN_MS = 0.1;

/** What {@link VectorIndex.readFile} decided about a search thread, and on what measurement. */
export interface SearchThreadChoice {
  policy: SearchThreadPolicy;
  /** Median ms of one search at the default settings on this thread (auto only). */
  inThreadMs?: number;
  /** Whether graph/exact searches of `searchAsync` run in a search thread. */
  offThread: boolean;
  /** Why, in words (logged by the bench). */
  reason: string;
}

/** Closes the search thread of an index that was garbage-collected (e.g. replaced in the cache). */
const threadsOfCollected = new FinalizationRegistry<SearchThread>((thread) => {
  thread.close().catch(() => {});
});

/** Searches timed by the `auto` probe, on stored vectors. */
const PROBE_SEARCHES = 15;

/** Options of {@link VectorIndex.search}. */
export interface SearchOptions {
  /** Candidate list size for this query (default: the index's `ef`); higher = better recall, slower. */
  ef?: number;
  /** Compare with every vector instead of walking the graph (true), or walk the graph (false); default: the index's `mode`. */
  exact?: boolean;
  /** How to search, overriding the index's `mode` (when `exact` is not given). */
  mode?: IndexParams["mode"];
  /** Candidates a quantised scan rescores (default: the index's `candidates`). */
  candidates?: number;
  /**
   * Keeps only ids for which it returns true. hnswlib applies it while walking the graph, so
   * a filter that rejects most ids can return fewer than k results.
   */
  filter?: (id: number) => boolean;
}

/**
 * One HNSW index over L2-normalised float32 vectors for one corpus and model version;
 * labels are passage ids, scores are cosine similarities. Exact searches (mode `exact`) run on
 * a brute-force copy of the vectors, made on the first exact search after a change.
 *
 * Mutations are synchronous (they block the event loop; build in a worker, not in a request).
 * Searching is safe at any time, including while the index is being written to disk.
 */
export class VectorIndex {
  private native: NativeIndex;
  private labels: Set<number>;
  private readonly deleted: Set<number>;
  private currentEf: number;
  /** The vectors for exact search, or null until one is needed after the last change. */
  private flat: NativeFlat | null = null;
  /** The quantised codes for the `int8` or `binary` scan, or null until needed after the last change. */
  private quantized: QuantizedVectors | null = null;
  /** Set while the native index is written by another thread; mutations would race with it. */
  private busyWith: string | null = null;
  /** A worker thread with its own copy of the file this index was read from, while nothing changed it. */
  private thread: SearchThread | null = null;
  private threadChoice: SearchThreadChoice = { policy: "never", offThread: false, reason: "not read from a file" };

  private constructor(
    readonly dim: number,
    private currentParams: Readonly<IndexParams>,
    native: NativeIndex,
    labels: Iterable<number>,
    deleted: Iterable<number>,
  ) {
    this.native = native;
    this.labels = new Set(labels);
    this.deleted = new Set(deleted);
    this.currentEf = currentParams.ef;
    native.setEf(currentParams.ef);
  }

  /** A new empty index. */
  static create(options: CreateIndexOptions): VectorIndex {
    const { dim, maxElements = MIN_CAPACITY, ...rest } = options;
    if (!Number.isInteger(dim) || dim <= 0)
      throw new Error(`dim must be a positive integer, got ${dim}; pass the encoder's embedding size`);
    const given = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    const params = indexParamsSchema.parse({ ...DEFAULT_INDEX_PARAMS, ...given });
    return new VectorIndex(dim, Object.freeze(params), newNative(dim, params, Math.max(maxElements, 1)), [], []);
  }

  /**
   * Reads an index file written by {@link VectorIndex.writeFile} on a libuv thread, so the
   * event loop keeps serving while a large index loads. Use `loadIndex` (index-store), which
   * checks the file against its manifest first: hnswlib trusts the bytes it reads.
   */
  static async readFile(
    file: string,
    dim: number,
    params: IndexParams,
    deletedIds: Iterable<number>,
    options: { searchThread?: SearchThreadPolicy } = {},
  ): Promise<VectorIndex> {
    const native = new hnswlib.HierarchicalNSW(params.space, dim);
    await native.readIndex(file);
    const index = new VectorIndex(dim, Object.freeze({ ...params }), native, native.getIdsList(), deletedIds);
    const policy = options.searchThread ?? "never";
    const mode = params.mode;
    // Copy the vectors for exact search now rather than in the first query, a block at a time
    // so that a web server loading a large index keeps answering meanwhile (a thread that
    // searches exactly has its own copy: this one is made only to time the search).
    if (mode === "exact" && policy !== "always") await index.loadFlat();
    if (mode === "int8" || mode === "binary") {
      const native = index.native;
      index.quantized = await QuantizedVectors.encodeAsync(mode, dim, index.ids(), (id) => native.getPoint(id));
      index.threadChoice = { policy, offThread: false, reason: `the ${mode} scan runs in the scan pool` };
      return index;
    }
    await index.chooseSearchThread(policy, file, mode);
    return index;
  }

  /** Applies `policy` for a graph or exact default search (see {@link SearchThreadPolicy}). */
  private async chooseSearchThread(policy: SearchThreadPolicy, file: string, mode: ThreadMode): Promise<void> {
    let inThreadMs: number | undefined;
    if (policy === "never" || this.size === 0) {
      this.threadChoice = { policy, offThread: false, reason: policy === "never" ? "policy never" : "empty index" };
      return;
    }
    if (policy === "auto") {
      inThreadMs = await this.probeSearchMs();
      if (inThreadMs < OFF_THREAD_MIN_MS) {
        this.threadChoice = {
          policy,
          inThreadMs,
          offThread: false,
          reason: `one ${mode} search takes ${inThreadMs.toFixed(3)} ms here, under ${OFF_THREAD_MIN_MS} ms: in-thread`,
        };
        return;
      }
    }
    try {
      const thread = await SearchThread.open({
        file,
        dim: this.dim,
        space: this.params.space,
        mode,
        deletedIds: this.deletedIds(),
      });
      this.thread = thread;
      threadsOfCollected.register(this, thread, thread);
      // The thread holds the exact copy; this thread makes its own again only if `search` asks.
      if (mode === "exact") this.flat = null;
      this.threadChoice = {
        policy,
        inThreadMs,
        offThread: true,
        reason:
          inThreadMs === undefined
            ? "policy always"
            : `one ${mode} search takes ${inThreadMs.toFixed(3)} ms here, at least ${OFF_THREAD_MIN_MS} ms: search thread`,
      };
    } catch (err) {
      // Serving goes on in-thread: slower under load, never wrong.
      console.error(`[index] ${err instanceof Error ? err.message : String(err)}; searching in-thread`);
      this.threadChoice = { policy, inThreadMs, offThread: false, reason: "the search thread failed to start" };
    }
  }

  /** Median ms of one default search (k = 10) of a stored vector, with a turn of the event loop between searches. */
  private async probeSearchMs(): Promise<number> {
    const ids = this.ids();
    const times: number[] = [];
    for (let i = 0; i < PROBE_SEARCHES; i++) {
      const query = Float32Array.from(this.native.getPoint(ids[Math.floor((i * ids.length) / PROBE_SEARCHES)]));
      const started = performance.now();
      this.search(query, 10);
      times.push(performance.now() - started);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return times.sort((a, b) => a - b)[PROBE_SEARCHES >> 1];
  }

  /** Where `searchAsync`'s graph and exact searches run, and why (see {@link SearchThreadPolicy}). */
  get searchThreadChoice(): Readonly<SearchThreadChoice> {
    return this.threadChoice;
  }

  /** How the search thread batched queries so far, or undefined without one. */
  get searchThreadStats(): Readonly<SearchThreadStats> | undefined {
    return this.thread?.stats;
  }

  /** Stops the search thread, if any (also done when the index is garbage-collected); searches go on in-thread. */
  async releaseSearchThread(reason = "released"): Promise<void> {
    const thread = this.thread;
    if (!thread) return;
    this.thread = null;
    threadsOfCollected.unregister(thread);
    this.threadChoice = { ...this.threadChoice, offThread: false, reason };
    await thread.close();
  }

  /**
   * Writes the native index to `file` on a libuv thread; searches continue, mutations throw
   * until it resolves.
   *
   * @returns what the file holds, taken while nothing could change it (for the manifest)
   */
  async writeFile(file: string): Promise<WrittenIndex> {
    this.assertIdle("write the index");
    this.busyWith = "writing the index to disk";
    try {
      const written = { count: this.size, deletedIds: this.deletedIds() };
      await this.native.writeIndex(file);
      return written;
    } finally {
      this.busyWith = null;
    }
  }

  /** The HNSW parameters; saved in the manifest, so a loaded index searches at the same default ef. */
  get params(): Readonly<IndexParams> {
    return this.currentParams;
  }

  /**
   * Changes how searches run by default (see `tuneSearch`); kept by the next save. Copies of the
   * vectors that the new mode does not use are dropped (their memory is the point of the mode).
   */
  setSearchDefaults(defaults: Partial<Pick<IndexParams, "ef" | "mode" | "candidates">>): void {
    const given = Object.fromEntries(Object.entries(defaults).filter(([, v]) => v !== undefined));
    this.currentParams = Object.freeze(indexParamsSchema.parse({ ...this.currentParams, ...given }));
    if (this.thread && this.thread.mode !== this.currentParams.mode) this.dropThread("the default mode changed");
    if (this.currentParams.mode !== "exact") this.flat = null;
    if (this.quantized && this.quantized.kind !== this.currentParams.mode) this.quantized = null;
  }

  /** Bytes held by the copy the default mode scans (0 for `hnsw`): n · dim · 4 for `exact`, about n · dim for `int8`. */
  get scanCopyBytes(): number {
    if (this.params.mode === "exact") return this.size * this.dim * 4;
    return this.quantized?.bytes ?? 0;
  }

  /** Searchable (not deleted) vectors. */
  get size(): number {
    return this.labels.size - this.deleted.size;
  }

  /** Vectors marked deleted and still occupying the graph until {@link compact}. */
  get deletedCount(): number {
    return this.deleted.size;
  }

  /** Vectors the native index can hold before it must be resized. */
  get capacity(): number {
    return this.native.getMaxElements();
  }

  /** Whether `id` is searchable. */
  has(id: number): boolean {
    return this.labels.has(id) && !this.deleted.has(id);
  }

  /** Searchable ids, ascending. */
  ids(): number[] {
    return [...this.labels].filter((id) => !this.deleted.has(id)).sort((a, b) => a - b);
  }

  /** Ids marked deleted, ascending (the manifest stores them). */
  deletedIds(): number[] {
    return [...this.deleted].sort((a, b) => a - b);
  }

  /** The stored (normalised) vector of a searchable id, shape `[dim]`. */
  vector(id: number): Float32Array | undefined {
    return this.has(id) ? Float32Array.from(this.native.getPoint(id)) : undefined;
  }

  /**
   * The stored vectors of searchable `ids` as one `[ids.length, dim]` matrix, copied in slices with
   * a turn of the event loop between them (a large index takes seconds: 0.9 s for 20,000 × 384
   * here), so a job's heartbeat and cancel keep working; `signal` stops it between two slices.
   * @throws when an id is not searchable
   */
  async matrixOf(ids: ArrayLike<number>, options: CooperativeOptions = {}): Promise<Float32Array> {
    return runCooperatively(this.matrixSteps(ids), options);
  }

  private *matrixSteps(ids: ArrayLike<number>): Steps<Float32Array> {
    const out = new Float32Array(ids.length * this.dim);
    for (let i = 0; i < ids.length; i++) {
      const row = this.vector(ids[i]);
      if (!row) throw new Error(`id ${ids[i]} is not in the index; read the ids from index.ids()`);
      out.set(row, i * this.dim);
      if (i % 64 === 63) yield;
    }
    return out;
  }

  /**
   * Adds or replaces vectors. Re-adding an id (also a deleted one) replaces its vector and
   * makes it searchable again. Vectors are L2-normalised here.
   *
   * @param ids - `[n]` passage ids, integers in [0, 2^32)
   * @param vectors - `[n, dim]` row-major
   * @param onProgress - called every 1,000 vectors and at the end, for job progress
   */
  add(ids: ArrayLike<number>, vectors: Float32Array, onProgress?: (done: number, total: number) => void): void {
    this.assertIdle("add vectors");
    if (vectors.length !== ids.length * this.dim) {
      throw new Error(
        `got ${ids.length} ids but ${vectors.length} values; pass vectors as a row-major [${ids.length}, ${this.dim}] Float32Array`,
      );
    }
    for (let i = 0; i < ids.length; i++) assertLabel(ids[i]);
    this.reserve(this.labels.size + ids.length);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      const row = l2Normalize(vectors.subarray(i * this.dim, (i + 1) * this.dim), `vector for id ${id}`);
      this.native.addPoint(Array.from(row), id);
      this.labels.add(id);
      this.deleted.delete(id);
      if (onProgress && ((i + 1) % 1000 === 0 || i + 1 === ids.length)) onProgress(i + 1, ids.length);
    }
    this.flat = null;
    this.quantized = null;
    this.dropThread("vectors were added");
  }

  /**
   * Hides ids from search results; the space is reclaimed by {@link compact}. Unknown and
   * already-deleted ids are skipped, so deleting twice is harmless.
   *
   * @returns how many ids were newly deleted
   */
  markDeleted(ids: Iterable<number>): number {
    this.assertIdle("delete vectors");
    let count = 0;
    for (const id of ids) {
      if (!this.has(id)) continue;
      this.native.markDelete(id);
      this.deleted.add(id);
      count++;
    }
    if (count) {
      this.flat = null;
      this.quantized = null;
      this.dropThread("vectors were deleted");
    }
    return count;
  }

  /**
   * The k nearest searchable ids to `query` (shape `[dim]`), best first, score = cosine
   * similarity. Approximate in mode `hnsw` (see `bench/search.ts` for the recall at each ef),
   * exact in mode `exact`.
   */
  search(query: Float32Array, k: number, options: SearchOptions = {}): ScoredId[] {
    if (query.length !== this.dim)
      throw new Error(
        `query has ${query.length} dimensions but the index has ${this.dim}; embed it with the model version this index was built for`,
      );
    if (!Number.isInteger(k) || k < 1) throw new Error(`k must be a positive integer, got ${k}`);
    const q = l2Normalize(query, "query vector");
    const n = Math.min(k, this.size);
    if (n === 0) return [];
    const mode = options.exact === undefined ? (options.mode ?? this.params.mode) : options.exact ? "exact" : "hnsw";
    if (mode === "int8" || mode === "binary") return this.quantizedSearch(mode, q, n, options);
    let found: SearchResult;
    if (mode === "exact") {
      found = this.flatIndex().searchKnn(Array.from(q), n, options.filter);
    } else {
      const ef = Math.max(options.ef ?? this.params.ef, n);
      if (ef !== this.currentEf) {
        this.native.setEf(ef);
        this.currentEf = ef;
      }
      found = this.native.searchKnn(Array.from(q), n, options.filter);
    }
    const { neighbors, distances } = found;
    // hnswlib's inner-product distance is 1 − dot; on unit vectors dot is the cosine.
    return neighbors.map((id, i) => ({ id, score: 1 - distances[i] }));
  }

  /**
   * As {@link search}, but off the event loop where it pays: a quantised scan (modes `int8` and
   * `binary`) runs in `pool`'s worker threads; a graph or exact search runs in the index's
   * {@link SearchThread} when `readFile` opened one (see {@link SearchThreadPolicy}), batched with
   * the queries that arrive with it, and with the same answers as `search`. Otherwise (a small
   * index where a search costs less than the round trip, a `filter`, an index changed since it
   * was read) it answers in-thread, as `search` does.
   */
  async searchAsync(
    query: Float32Array,
    k: number,
    options: SearchOptions & { pool?: ScanPool } = {},
  ): Promise<ScoredId[]> {
    const mode = options.exact === undefined ? (options.mode ?? this.params.mode) : options.exact ? "exact" : "hnsw";
    const thread = this.thread;
    if (thread && thread.mode === mode && !options.filter && query.length === this.dim) {
      if (!Number.isInteger(k) || k < 1) throw new Error(`k must be a positive integer, got ${k}`);
      const q = l2Normalize(query, "query vector");
      const n = Math.min(k, this.size);
      if (n === 0) return [];
      try {
        return await thread.search(q, n, { ef: Math.max(options.ef ?? this.params.ef, n), exact: mode === "exact" });
      } catch (err) {
        // A thread that died (or was released meanwhile) is not a reason to fail a search.
        if (this.thread === thread) this.dropThread(`the search thread failed: ${String(err)}`);
        return this.search(query, k, options);
      }
    }
    if ((mode !== "int8" && mode !== "binary") || query.length !== this.dim) return this.search(query, k, options);
    if (!Number.isInteger(k) || k < 1) throw new Error(`k must be a positive integer, got ${k}`);
    const q = l2Normalize(query, "query vector");
    const n = Math.min(k, this.size);
    if (n === 0) return [];
    const codes = this.quantizedCodes(mode);
    const candidates = await codes.candidatesAsync(
      q,
      Math.max(options.candidates ?? this.params.candidates, n),
      options.pool ?? sharedScanPool(),
      options.filter,
    );
    // The index may have changed during the scan: rescore only what is still searchable.
    return rescore(
      q,
      candidates.filter((id) => this.has(id)),
      (id) => this.native.getPoint(id),
      n,
    );
  }

  /** Scans the quantised codes, then rescores the best candidates with the stored float vectors. */
  private quantizedSearch(kind: QuantizationKind, q: Float32Array, n: number, options: SearchOptions): ScoredId[] {
    const codes = this.quantizedCodes(kind);
    const candidates = codes.candidates(q, Math.max(options.candidates ?? this.params.candidates, n), options.filter);
    return rescore(q, candidates, (id) => this.native.getPoint(id), n);
  }

  /** The quantised codes of `kind`, made when missing (O(n · dim), synchronous). */
  private quantizedCodes(kind: QuantizationKind): QuantizedVectors {
    if (this.quantized?.kind !== kind)
      this.quantized = QuantizedVectors.encode(kind, this.dim, this.ids(), (id) => this.native.getPoint(id));
    return this.quantized;
  }

  /** True when deleted vectors make up more than `threshold` of the graph (default 20%). */
  needsCompaction(threshold = 0.2): boolean {
    return this.labels.size > 0 && this.deleted.size / this.labels.size > threshold;
  }

  /**
   * Rebuilds the graph from the searchable vectors only, dropping the deleted ones for good.
   * Searches made before it returns see the old graph; there is no moment without one.
   *
   * @param getVector - where to read each vector, `[dim]`; default: the index's own stored copy
   * @returns how many deleted vectors were dropped
   */
  compact(getVector?: (id: number) => Float32Array | undefined): number {
    this.assertIdle("compact the index");
    return this.swapIn(runToEnd(this.compactedGraph(getVector)));
  }

  /**
   * {@link compact} in slices with a turn of the event loop between them, so a job's heartbeat
   * and cancel keep working on a large index. Searches keep using the old graph meanwhile;
   * mutations and saves throw until it settles. When `signal` aborts, the old graph stays as it
   * was and the promise rejects with the signal's reason.
   */
  async compactAsync(
    options: CooperativeOptions & { getVector?: (id: number) => Float32Array | undefined } = {},
  ): Promise<number> {
    this.assertIdle("compact the index");
    this.busyWith = "compacting the index";
    let graph: { native: NativeIndex; live: number[] };
    try {
      graph = await runCooperatively(this.compactedGraph(options.getVector), options);
    } finally {
      this.busyWith = null;
    }
    return this.swapIn(graph);
  }

  /** A new graph of the searchable vectors, a step per vector added. */
  private *compactedGraph(
    getVector?: (id: number) => Float32Array | undefined,
  ): Steps<{ native: NativeIndex; live: number[] }> {
    const live = this.ids();
    const native = newNative(this.dim, this.params, Math.max(Math.ceil(live.length * GROWTH), MIN_CAPACITY));
    for (const id of live) {
      const given = getVector ? getVector(id) : Float32Array.from(this.native.getPoint(id));
      if (!given || given.length !== this.dim)
        throw new Error(
          `no ${this.dim}-dimensional vector for id ${id} while compacting; re-embed the corpus and rebuild the index`,
        );
      native.addPoint(Array.from(l2Normalize(given, `vector for id ${id}`)), id);
      yield;
    }
    return { native, live };
  }

  /** Makes a compacted graph the index's own; returns how many deleted vectors it dropped. */
  private swapIn({ native, live }: { native: NativeIndex; live: number[] }): number {
    const dropped = this.deleted.size;
    native.setEf(this.currentEf);
    this.native = native;
    this.labels = new Set(live);
    this.deleted.clear();
    this.flat = null;
    this.quantized = null;
    this.dropThread("the index was compacted");
    return dropped;
  }

  /** The brute-force copy of the searchable vectors, made when missing (O(n · dim), synchronous). */
  private flatIndex(): NativeFlat {
    if (!this.flat) {
      const flat = this.newFlat();
      for (const id of this.ids()) flat.addPoint(this.native.getPoint(id), id);
      this.flat = flat;
    }
    return this.flat;
  }

  /** Makes the brute-force copy, yielding to the event loop between blocks so a server keeps answering. */
  private async loadFlat(): Promise<void> {
    const flat = this.newFlat();
    const ids = this.ids();
    for (let i = 0; i < ids.length; i++) {
      flat.addPoint(this.native.getPoint(ids[i]), ids[i]);
      if ((i + 1) % BLOCK_BETWEEN_YIELDS === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    this.flat = flat;
  }

  private newFlat(): NativeFlat {
    const flat = new hnswlib.BruteforceSearch(this.params.space, this.dim);
    flat.initIndex(Math.max(this.size, 1));
    return flat;
  }

  private reserve(needed: number): void {
    const capacity = this.native.getMaxElements();
    if (needed > capacity) this.native.resizeIndex(Math.max(needed, Math.ceil(capacity * GROWTH)));
  }

  /** The thread's copy no longer matches this index: searches go on in-thread. */
  private dropThread(reason: string): void {
    this.releaseSearchThread(reason).catch(() => {});
  }

  private assertIdle(action: string): void {
    if (this.busyWith) throw new Error(`cannot ${action} while ${this.busyWith}; await the save first`);
  }
}

function newNative(dim: number, params: IndexParams, maxElements: number): NativeIndex {
  const native = new hnswlib.HierarchicalNSW(params.space, dim);
  native.initIndex({ maxElements, m: params.M, efConstruction: params.efConstruction, randomSeed: params.seed });
  return native;
}

function assertLabel(id: number): void {
  if (!Number.isInteger(id) || id < 0 || id > MAX_LABEL)
    throw new Error(`passage id ${id} is not an integer in [0, ${MAX_LABEL}]; index passages by their numeric id`);
}
