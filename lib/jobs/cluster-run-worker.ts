import { parentPort, workerData } from "node:worker_threads";
import { buildClusterRun, type ClusterRunInput } from "@/lib/jobs/cluster-run-builder";
import type { ClusterThreadInput, ClusterThreadMessage } from "@/lib/jobs/cluster-run-thread";

/**
 * Body of a clustering thread: builds one run and posts progress, then the run or the error.
 * It stops at the first progress report after its host raises `stopFlag`.
 */
const { input, stopFlag } = workerData as { input: ClusterThreadInput; stopFlag: Int32Array };
const post = (message: ClusterThreadMessage) => parentPort!.postMessage(message);

try {
  const { texts, ...rest } = input;
  const full: ClusterRunInput = {
    ...rest,
    texts: () => texts,
    onProgress: (fraction, message) => {
      if (Atomics.load(stopFlag, 0)) throw new Error("clustering stopped by its job");
      post({ kind: "progress", fraction, message });
    },
  };
  post({ kind: "done", run: buildClusterRun(full) });
} catch (err) {
  post({ kind: "error", message: err instanceof Error ? err.message : String(err), stack: (err as Error)?.stack });
}
