/**
 * {@link buildClusterRun} in a worker thread: k-means, UMAP, HDBSCAN, the silhouette and the
 * keywords run for seconds to minutes on a large corpus, and on the worker's main thread they
 * would hold its event loop, so the job's heartbeat would stop (its lease could run out and a
 * second worker take the job) and a cancel would wait for the end. In a thread the heartbeat
 * keeps beating, and a cancel settles the job at once.
 *
 * The thread is never terminated from outside: hnswlib-node aborts the whole process when its
 * thread is torn down in the middle of a native call (seen here: FATAL ERROR napi_throw in
 * searchKnn). A stop raises a shared flag instead, which the thread reads at its next progress
 * report (every few UMAP epochs, every k tried) and ends there; meanwhile it is unreferenced, so
 * it holds neither the job nor the process.
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { throwIfAborted } from "@/lib/core/cooperative";
import { buildClusterRun, type BuiltClusterRun, type ClusterRunInput } from "@/lib/jobs/cluster-run-builder";

/** What the thread gets: the input with the texts read beforehand (the thread has no database). */
export type ClusterThreadInput = Omit<ClusterRunInput, "texts" | "onProgress"> & { texts: string[] };

/** What the thread posts. */
export type ClusterThreadMessage =
  | { kind: "progress"; fraction: number; message: string }
  | { kind: "done"; run: BuiltClusterRun }
  | { kind: "error"; message: string; stack?: string };

/** The tsx entry shared with the upload-parsing threads, and this thread's body. */
const ENTRY = new URL("../ingest/ts-worker-entry.mjs", import.meta.url);
const BODY = new URL("./cluster-run-worker.ts", import.meta.url);

function threadFiles(): { entry: string; body: string } | null {
  if (ENTRY.protocol !== "file:" || BODY.protocol !== "file:") return null;
  const files = { entry: fileURLToPath(ENTRY), body: fileURLToPath(BODY) };
  return fs.existsSync(files.entry) && fs.existsSync(files.body) ? files : null;
}

/**
 * Builds a clustering run in a worker thread. The texts are read here first (`input.texts`
 * on all passages, as the builder does); progress comes back to `input.onProgress`, and a throw
 * there (a stopped job) ends the thread, as does `signal`.
 * `input.vectors`' memory is handed over to the thread (detached here) when it spans its whole buffer.
 * @throws the signal's reason or the onProgress error when stopped; the builder's error otherwise
 */
export async function buildClusterRunOffThread(input: ClusterRunInput, signal?: AbortSignal): Promise<BuiltClusterRun> {
  throwIfAborted(signal);
  const files = threadFiles();
  if (!files) return buildClusterRun(input);
  const { texts, onProgress, ...rest } = input;
  const threadInput: ClusterThreadInput = { ...rest, texts: texts(input.passageIds) };
  const { vectors } = input;
  const whole = vectors.byteOffset === 0 && vectors.byteLength === vectors.buffer.byteLength;
  const transfer = whole && vectors.buffer instanceof ArrayBuffer ? [vectors.buffer] : [];
  const stopFlag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(files.entry, {
    workerData: { module: files.body, input: threadInput, stopFlag },
    transferList: transfer,
  });
  return new Promise<BuiltClusterRun>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      // Asks a thread still at work to end at its next progress report; one that is done exits by itself.
      Atomics.store(stopFlag, 0, 1);
      worker.unref();
      fn();
    };
    const onAbort = () => settle(() => reject(signal!.reason));
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.on("message", (message: ClusterThreadMessage) => {
      if (message.kind === "progress") {
        try {
          onProgress?.(message.fraction, message.message);
        } catch (err) {
          settle(() => reject(err));
        }
      } else if (message.kind === "done") settle(() => resolve(message.run));
      else settle(() => reject(Object.assign(new Error(message.message), { stack: message.stack })));
    });
    worker.once("error", (err) => settle(() => reject(new Error(`the clustering thread failed: ${err.message}`))));
    worker.once("exit", (code) =>
      settle(() => reject(new Error(`the clustering thread stopped (exit code ${code}) without a result`))),
    );
  });
}
