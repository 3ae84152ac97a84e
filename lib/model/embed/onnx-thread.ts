/**
 * A worker thread that holds its own onnxruntime session of one graph file and runs forward
 * passes there. onnxruntime-node's `session.run` computes on the calling thread (its promise
 * only defers the call with setImmediate), so a query embedded by the web server held its event
 * loop for the whole pass: about 0.6–1.2 ms per query for a model of MiniLM-L6's shape on 2
 * cores, during which no other request was parsed or answered.
 *
 * Passes run one after the other, in the order asked. The worker's code is a string run with
 * `eval`, as in lib/index/search-thread.ts, so no separate file has to survive bundling.
 */
import { Worker } from "node:worker_threads";

/** One int64 input of a pass: `[batch, seqLen]` row-major. */
export interface Int64Feed {
  data: BigInt64Array;
  dims: readonly number[];
}

/** What a pass returns: the asked output, float32 row-major, and its shape. */
export interface PassOutput {
  data: Float32Array;
  dims: readonly number[];
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const path = require("node:path");
let ort;
try { ort = require("onnxruntime-node"); }
catch { ort = require(require.resolve("onnxruntime-node", { paths: [workerData.cwd, path.join(workerData.cwd, "node_modules")] })); }
let session = null;
parentPort.on("message", async (m) => {
  if (m.type === "open") {
    try { session = await ort.InferenceSession.create(m.file, m.options); parentPort.postMessage({ type: "ready" }); }
    catch (e) { parentPort.postMessage({ type: "error", message: String(e && e.message || e) }); }
    return;
  }
  try {
    const feeds = {};
    for (const name of Object.keys(m.feeds)) feeds[name] = new ort.Tensor("int64", m.feeds[name].data, m.feeds[name].dims);
    const out = (await session.run(feeds, [m.output]))[m.output];
    // A copy the thread owns, so that its buffer can be transferred.
    const data = new Float32Array(out.data);
    parentPort.postMessage({ type: "done", id: m.id, data, dims: out.dims }, [data.buffer]);
  } catch (e) {
    parentPort.postMessage({ type: "failed", id: m.id, message: String(e && e.message || e) });
  }
});
`;

interface Pending {
  resolve: (output: PassOutput) => void;
  reject: (error: unknown) => void;
}

interface Reply {
  type: "done" | "failed";
  id: number;
  data?: Float32Array;
  dims?: number[];
  message?: string;
}

/** A worker thread with its own session of one ONNX graph; see the module comment. */
export class OnnxThread {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stopped: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on("message", (reply: Reply) => this.settle(reply));
    worker.on("error", (error) => this.fail(error));
    worker.on("exit", () => this.fail(new Error("the embedding thread exited")));
    // Idle, the thread never keeps the process alive; a pass in flight does.
    worker.unref();
  }

  /**
   * Starts a thread and opens `file` there with `options` (onnxruntime session options, as the
   * calling thread would use them); resolves once it can run.
   * @throws when the graph cannot be opened there
   */
  static async open(file: string, options: Record<string, unknown>): Promise<OnnxThread> {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { cwd: process.cwd() } });
    try {
      await new Promise<void>((resolve, reject) => {
        worker.once("message", (m: { type: string; message?: string }) =>
          m.type === "ready" ? resolve() : reject(new Error(m.message)),
        );
        worker.once("error", reject);
        worker.postMessage({ type: "open", file, options });
      });
      return new OnnxThread(worker);
    } catch (err) {
      await worker.terminate();
      throw new Error(
        `the embedding thread could not open ${file}: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      );
    }
  }

  /** Why the thread stopped (it exited, failed or was closed), or null while it runs. */
  get closed(): Error | null {
    return this.stopped;
  }

  /** One forward pass with `feeds` (int64 inputs by name), returning the graph's output `output`. */
  run(feeds: Record<string, Int64Feed>, output: string): Promise<PassOutput> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage({ type: "run", id, feeds, output });
    });
  }

  /** Stops the thread; passes waiting or in flight reject. */
  async close(): Promise<void> {
    this.fail(new Error("the embedding thread was closed"));
    await this.worker.terminate();
  }

  private settle(reply: Reply): void {
    const pass = this.pending.get(reply.id);
    if (!pass) return;
    this.pending.delete(reply.id);
    if (!this.pending.size) this.worker.unref();
    if (reply.type === "done") pass.resolve({ data: reply.data!, dims: reply.dims! });
    else pass.reject(new Error(`embedding thread: ${reply.message}`));
  }

  private fail(error: unknown): void {
    if (this.stopped) return;
    this.stopped = error instanceof Error ? error : new Error(String(error));
    for (const pass of this.pending.values()) pass.reject(this.stopped);
    this.pending.clear();
    this.worker.unref();
  }
}
