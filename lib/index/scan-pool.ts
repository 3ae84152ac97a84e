/**
 * A small pool of worker threads that run the quantised scans (see `QuantizedVectors`) off the
 * event loop: the codes live in a shared WebAssembly memory, so a worker scans them in place and
 * only the query's slot offsets travel. A query's rows are split between the workers, so on an
 * idle machine one query also finishes sooner. The workers are unref'd: they never keep a
 * process alive.
 *
 * The worker's code is a string run with `eval`, so no separate file has to survive bundling
 * (Next.js bundles server code; a worker file path would not).
 */
import os from "node:os";
import { Worker } from "node:worker_threads";
import { scanKernelBytes } from "@/lib/index/wasm-scan-kernel";

/** One scan: rows [from, to) of `stride` bytes at offset 0, query at `query`, i32 scores at `out` (row 0's slot). */
export interface ScanTask {
  kind: "int8" | "binary";
  memory: WebAssembly.Memory;
  rows: number;
  stride: number;
  query: number;
  out: number;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const module = new WebAssembly.Module(workerData.kernel);
const instances = new Map();
parentPort.on("message", (m) => {
  if (m.forget !== undefined) { instances.delete(m.forget); return; }
  let scan = instances.get(m.memoryId);
  if (!scan) {
    scan = new WebAssembly.Instance(module, { env: { memory: m.memory } }).exports;
    instances.set(m.memoryId, scan);
  }
  const rows = m.to - m.from;
  if (rows > 0) (m.kind === "int8" ? scan.scanInt8 : scan.scanBits)(m.from * m.stride, rows, m.stride, m.query, m.out + 4 * m.from);
  parentPort.postMessage(m.id);
});
`;

interface Pending {
  resolve: () => void;
  reject: (error: unknown) => void;
  parts: number;
}

/** Worker threads that scan shared codes; see the module comment. */
export class ScanPool {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, Pending>();
  private readonly memoryIds = new WeakMap<WebAssembly.Memory, number>();
  /** Per worker, the memories it has been sent (it keeps an instance per memory). */
  private readonly known: Set<number>[];
  private readonly forget = new FinalizationRegistry<number>((memoryId) => {
    this.workers.forEach((w, i) => {
      if (this.known[i].delete(memoryId)) w.postMessage({ forget: memoryId });
    });
  });
  private nextId = 1;
  private nextMemoryId = 1;

  constructor(readonly size = defaultScanThreads()) {
    const kernel = scanKernelBytes();
    this.workers = Array.from({ length: Math.max(1, size) }, () => {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { kernel } });
      worker.unref();
      worker.on("message", (id: number) => this.settle(id));
      worker.on("error", (error) => this.failAll(error));
      return worker;
    });
    this.known = this.workers.map(() => new Set<number>());
  }

  /** Scans every row of `task` (split across the workers); resolves when all scores are written. */
  scan(task: ScanTask): Promise<void> {
    let memoryId = this.memoryIds.get(task.memory);
    if (memoryId === undefined) {
      memoryId = this.nextMemoryId++;
      this.memoryIds.set(task.memory, memoryId);
      this.forget.register(task.memory, memoryId);
    }
    const id = this.nextId++;
    const parts = Math.min(this.workers.length, Math.max(1, Math.ceil(task.rows / 4096)));
    const per = Math.ceil(task.rows / parts);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, parts });
      for (let p = 0; p < parts; p++) {
        const known = this.known[p];
        const message = {
          id,
          memoryId,
          kind: task.kind,
          from: p * per,
          to: Math.min(task.rows, (p + 1) * per),
          stride: task.stride,
          query: task.query,
          out: task.out,
        };
        this.workers[p].postMessage(known.has(memoryId) ? message : { ...message, memory: task.memory });
        known.add(memoryId);
      }
    });
  }

  /** Stops the workers; scans in flight reject. */
  async close(): Promise<void> {
    this.failAll(new Error("the scan pool was closed"));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private settle(id: number): void {
    const pending = this.pending.get(id);
    if (!pending || --pending.parts > 0) return;
    this.pending.delete(id);
    pending.resolve();
  }

  private failAll(error: unknown): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}

/** Threads for scans: the cores, at most 4 (a scan is memory-bound beyond that). */
export function defaultScanThreads(): number {
  return Math.min(4, Math.max(1, os.availableParallelism()));
}

let shared: ScanPool | undefined;

/** The process's scan pool, made on first use. */
export function sharedScanPool(): ScanPool {
  shared ??= new ScanPool();
  return shared;
}
