/**
 * Body of a training worker thread: one TF.js backend (WASM, one thread) holding one model
 * replica, answering the main thread's calls in order. Loaded by worker-entry.mjs.
 */
import { parentPort } from "node:worker_threads";
import { initBackend } from "@/lib/model/kernels/backend";
import { InProcessHost } from "@/lib/train/trainer/replica-host";
import type { WorkerInit, WorkerRequest, WorkerResponse } from "@/lib/train/parallel/worker-protocol";

let host: InProcessHost | undefined;

async function handle(request: WorkerRequest): Promise<unknown> {
  if (request.op === "init") {
    const init = request.args[0] as WorkerInit;
    await initBackend(init.backend ?? "wasm");
    host = new InProcessHost(init.setup, { own: new Float32Array(init.own), mean: new Float32Array(init.mean) });
    return { parameterCount: host.parameterCount, layout: host.layout };
  }
  if (!host) throw new Error("the training worker got a call before init");
  const method = host[request.op] as (...args: unknown[]) => Promise<unknown>;
  return method.apply(host, request.args);
}

const port = parentPort!;
// Calls run one after another: TF.js state is not meant for interleaved async work.
let queue: Promise<void> = Promise.resolve();
port.on("message", (request: WorkerRequest) => {
  queue = queue.then(async () => {
    let response: WorkerResponse;
    try {
      response = { id: request.id, ok: true, result: await handle(request) };
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      response = { id: request.id, ok: false, error: e.message, stack: e.stack };
    }
    port.postMessage(response, transferables(response));
    if (request.op === "dispose") port.close();
  });
});

/** Float32Arrays in a result are moved, not copied, back to the main thread (none is shared). */
function transferables(response: WorkerResponse): ArrayBuffer[] {
  if (!response.ok) return [];
  const out: ArrayBuffer[] = [];
  const visit = (v: unknown) => {
    if (
      v instanceof Float32Array &&
      v.buffer instanceof ArrayBuffer &&
      v.byteOffset === 0 &&
      v.byteLength === v.buffer.byteLength
    )
      out.push(v.buffer);
    else if (Array.isArray(v)) v.forEach(visit);
  };
  visit(response.result);
  return [...new Set(out)];
}
