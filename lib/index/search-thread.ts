/**
 * A worker thread that holds its own copy of one index file and answers graph (`hnsw`) and exact
 * searches there, so that a slow search never holds the event loop of the process that asked
 * (a web server keeps parsing, authenticating and answering other requests meanwhile).
 *
 * Queries that arrive together are batched: while a batch is in the thread, new queries wait
 * in one list, and the whole list goes over as one message (one typed array of queries, one of
 * results) when the batch before it comes back. Under load a message carries as many queries as
 * arrived during one batch's search; an idle server sends each query at once.
 *
 * Memory: `hnsw` loads the index file a second time (the graph and its vectors, n · (4·dim +
 * 8·M + ~100) bytes); `exact` keeps only the float vectors (n · 4·dim bytes) and lets the process
 * that opened it skip its own exact copy. The worker's code is a string run with `eval`, as in
 * scan-pool.ts, so no separate file has to survive bundling.
 */
import { Worker } from "node:worker_threads";
import type { ScoredId } from "@/lib/index/scored-id";

/** What a search thread searches by: the graph at an ef, or every vector. */
export type ThreadMode = "hnsw" | "exact";

/** Where a {@link SearchThread} loads its copy from: an index file as `VectorIndex.writeFile` wrote it. */
export interface SearchThreadSource {
  file: string;
  dim: number;
  space: "cosine" | "ip";
  mode: ThreadMode;
  deletedIds: readonly number[];
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const path = require("node:path");
let hnswlib;
try { hnswlib = require("hnswlib-node"); }
catch { hnswlib = require(require.resolve("hnswlib-node", { paths: [workerData.cwd, path.join(workerData.cwd, "node_modules")] })); }
let graph = null, flat = null, dim = 0, currentEf = -1;
async function open(m) {
  dim = m.dim;
  const native = new hnswlib.HierarchicalNSW(m.space, m.dim);
  await native.readIndex(m.file);
  // The file keeps hnswlib's deletion marks: the graph skips those ids by itself.
  if (m.mode === "hnsw") { graph = native; return native.getCurrentCount() - m.deletedIds.length; }
  const deleted = new Set(m.deletedIds);
  const ids = native.getIdsList().filter((id) => !deleted.has(id));
  flat = new hnswlib.BruteforceSearch(m.space, m.dim);
  flat.initIndex(Math.max(ids.length, 1));
  for (const id of ids) flat.addPoint(native.getPoint(id), id);
  return ids.length;
}
function batch(m) {
  const n = m.k.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += m.k[i];
  const ids = new Uint32Array(total), distances = new Float32Array(total), counts = new Int32Array(n);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const q = Array.from(m.queries.subarray(i * dim, (i + 1) * dim));
    let found;
    if (m.exact[i] || !graph) found = flat.searchKnn(q, m.k[i]);
    else {
      if (m.ef[i] !== currentEf) { graph.setEf(m.ef[i]); currentEf = m.ef[i]; }
      found = graph.searchKnn(q, m.k[i]);
    }
    counts[i] = found.neighbors.length;
    for (let j = 0; j < found.neighbors.length; j++) { ids[at + j] = found.neighbors[j]; distances[at + j] = found.distances[j]; }
    at += m.k[i];
  }
  return { ids, distances, counts };
}
parentPort.on("message", async (m) => {
  if (m.type === "open") {
    try { parentPort.postMessage({ type: "ready", size: await open(m) }); }
    catch (e) { parentPort.postMessage({ type: "error", message: String(e && e.message || e) }); }
    return;
  }
  try {
    const r = batch(m);
    parentPort.postMessage({ type: "done", id: m.id, ...r }, [r.ids.buffer, r.distances.buffer, r.counts.buffer]);
  } catch (e) {
    parentPort.postMessage({ type: "failed", id: m.id, message: String(e && e.message || e) });
  }
});
`;

/** One search in a batch: a unit-length query and how to search it. */
interface Queued {
  query: Float32Array;
  k: number;
  ef: number;
  exact: boolean;
  resolve: (hits: ScoredId[]) => void;
  reject: (error: unknown) => void;
}

/** What a batch message came back with. */
interface BatchReply {
  type: "done" | "failed";
  id: number;
  ids?: Uint32Array;
  /** hnswlib's distances (1 − cosine), float32 as the native index computed them. */
  distances?: Float32Array;
  counts?: Int32Array;
  message?: string;
}

/** Counters of a {@link SearchThread}: how well queries were batched. */
export interface SearchThreadStats {
  batches: number;
  queries: number;
  /** The most queries one message carried. */
  largestBatch: number;
}

/** A worker thread with its own copy of one index; see the module comment. */
export class SearchThread {
  private readonly waiting: Queued[] = [];
  private inFlight: Queued[] | null = null;
  private nextId = 1;
  private closed: Error | null = null;
  private readonly counters: SearchThreadStats = { batches: 0, queries: 0, largestBatch: 0 };

  private constructor(
    private readonly worker: Worker,
    readonly dim: number,
    readonly mode: ThreadMode,
    /** Searchable vectors in the thread's copy. */
    readonly size: number,
  ) {
    worker.on("message", (reply: BatchReply) => this.settle(reply));
    worker.on("error", (error) => this.fail(error));
    worker.on("exit", () => this.fail(new Error("the search thread exited")));
    // Idle, a thread never keeps the process alive (an index nobody released); a batch in flight does.
    worker.unref();
  }

  /**
   * Starts a thread and loads `source` there (a libuv read in that thread, then for `exact` a
   * copy of the vectors); resolves once it can search. An idle thread never keeps the process
   * alive; one with a batch in flight does, as any pending I/O would.
   * @throws when the file cannot be read there
   */
  static async open(source: SearchThreadSource): Promise<SearchThread> {
    // Referenced while it loads, so that a process waiting for nothing else waits for it.
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { cwd: process.cwd() } });
    try {
      const size = await new Promise<number>((resolve, reject) => {
        worker.once("message", (m: { type: string; size?: number; message?: string }) =>
          m.type === "ready" ? resolve(m.size!) : reject(new Error(m.message)),
        );
        worker.once("error", reject);
        worker.postMessage({ type: "open", ...source, deletedIds: [...source.deletedIds] });
      });
      return new SearchThread(worker, source.dim, source.mode, size);
    } catch (err) {
      await worker.terminate();
      throw new Error(
        `the search thread could not load ${source.file}: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      );
    }
  }

  /**
   * The k nearest ids to `query` (`[dim]`, unit length) in the thread's copy, best first, score =
   * cosine; `exact` compares with every vector (a thread opened for `exact` always does).
   */
  search(query: Float32Array, k: number, options: { ef: number; exact: boolean }): Promise<ScoredId[]> {
    if (this.closed) return Promise.reject(this.closed);
    if (query.length !== this.dim)
      return Promise.reject(new Error(`query has ${query.length} dimensions, the search thread's index ${this.dim}`));
    return new Promise((resolve, reject) => {
      this.waiting.push({ query, k, ef: options.ef, exact: options.exact, resolve, reject });
      if (!this.inFlight) this.sendSoon();
    });
  }

  /** How queries were batched so far. */
  get stats(): Readonly<SearchThreadStats> {
    return { ...this.counters };
  }

  /** Stops the thread; searches waiting or in flight reject. */
  async close(): Promise<void> {
    this.fail(new Error("the search thread was closed"));
    await this.worker.terminate();
  }

  private scheduled = false;

  /**
   * Sends the waiting queries after the I/O callbacks of this turn of the event loop have run
   * (setImmediate), so that requests read in the same turn share one message.
   */
  private sendSoon(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.inFlight) this.send();
    });
  }

  private send(): void {
    if (!this.waiting.length || this.closed) return;
    const batch = this.waiting.splice(0, this.waiting.length);
    const queries = new Float32Array(batch.length * this.dim);
    const k = new Int32Array(batch.length);
    const ef = new Int32Array(batch.length);
    const exact = new Uint8Array(batch.length);
    batch.forEach((q, i) => {
      queries.set(q.query, i * this.dim);
      k[i] = q.k;
      ef[i] = q.ef;
      exact[i] = q.exact ? 1 : 0;
    });
    this.inFlight = batch;
    this.worker.ref();
    this.counters.batches++;
    this.counters.queries += batch.length;
    this.counters.largestBatch = Math.max(this.counters.largestBatch, batch.length);
    this.worker.postMessage({ type: "batch", id: this.nextId++, queries, k, ef, exact }, [
      queries.buffer,
      k.buffer,
      ef.buffer,
      exact.buffer,
    ]);
  }

  private settle(reply: BatchReply): void {
    const batch = this.inFlight;
    if (!batch) return;
    this.inFlight = null;
    if (!this.waiting.length) this.worker.unref();
    if (reply.type === "failed") {
      for (const q of batch) q.reject(new Error(`search thread: ${reply.message}`));
    } else {
      let at = 0;
      batch.forEach((q, i) => {
        const hits: ScoredId[] = [];
        // 1 − distance in double precision, as VectorIndex.search computes it: the same scores.
        for (let j = 0; j < reply.counts![i]; j++)
          hits.push({ id: reply.ids![at + j], score: 1 - reply.distances![at + j] });
        at += q.k;
        q.resolve(hits);
      });
    }
    // What arrived meanwhile goes now, as one message.
    this.send();
  }

  private fail(error: unknown): void {
    if (this.closed) return;
    this.closed = error instanceof Error ? error : new Error(String(error));
    for (const q of [...(this.inFlight ?? []), ...this.waiting.splice(0)]) q.reject(this.closed);
    this.inFlight = null;
    this.worker.unref();
  }
}
