import { Worker } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import type { ParameterSlot } from "@/lib/train/trainer/model-replica";
import type { ReplicaHost, ReplicaState, ShardWork } from "@/lib/train/trainer/replica-host";
import type { TokenMatrix } from "@/lib/train/trainer/token-matrix";
import type { WorkerInit, WorkerOp, WorkerRequest, WorkerResponse } from "@/lib/train/parallel/worker-protocol";

const ENTRY = fileURLToPath(new URL("./worker-entry.mjs", import.meta.url));
const BODY = fileURLToPath(new URL("./replica-worker.ts", import.meta.url));

/**
 * A model replica in a worker thread, behind the {@link ReplicaHost} interface: each method
 * is a message to the worker and a promise of its answer. Gradients do not travel in
 * messages: the worker writes them into shared memory that the main thread sums.
 */
export class WorkerHost implements ReplicaHost {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private failure?: Error;
  parameterCount = 0;
  layout: readonly ParameterSlot[] = [];

  private constructor(private readonly worker: Worker) {
    worker.on("message", (response: WorkerResponse) => {
      const call = this.pending.get(response.id);
      if (!call) return;
      this.pending.delete(response.id);
      if (response.ok) call.resolve(response.result);
      else call.reject(Object.assign(new Error(`training worker: ${response.error}`), { stack: response.stack }));
    });
    const fail = (err: Error) => {
      this.failure = err;
      for (const call of this.pending.values()) call.reject(err);
      this.pending.clear();
    };
    worker.on("error", (err) => fail(new Error(`a training worker crashed: ${err.message}`, { cause: err })));
    worker.on("exit", (code) => fail(new Error(`a training worker exited (code ${code})`)));
  }

  /** Starts a worker thread and builds its replica. */
  static async start(init: WorkerInit): Promise<WorkerHost> {
    const worker = new Worker(ENTRY, { workerData: { module: BODY } });
    const host = new WorkerHost(worker);
    try {
      const info = (await host.call("init", [init])) as { parameterCount: number; layout: ParameterSlot[] };
      host.parameterCount = info.parameterCount;
      host.layout = info.layout;
      return host;
    } catch (err) {
      await worker.terminate();
      throw err;
    }
  }

  private call(op: WorkerOp, args: unknown[]): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, args } satisfies WorkerRequest);
    });
  }

  accumulate(work: ShardWork[]): Promise<number> {
    return this.call("accumulate", [work]) as Promise<number>;
  }

  embedRoles(work: Omit<ShardWork, "weight">[]): Promise<Float32Array[][]> {
    return this.call("embedRoles", [work]) as Promise<Float32Array[][]>;
  }

  async backprop(work: (Omit<ShardWork, "weight"> & { grads: Float32Array[] })[]): Promise<void> {
    await this.call("backprop", [work]);
  }

  exportGradients(): Promise<number[]> {
    return this.call("exportGradients", []) as Promise<number[]>;
  }

  async applyShared(scale: number, learningRate: number, present: number[]): Promise<void> {
    await this.call("applyShared", [scale, learningRate, present]);
  }

  applyOwn(): Promise<{ norm: number; skipped: boolean }> {
    return Promise.reject(new Error("a worker replica takes the shared mean gradient (applyShared), not its own"));
  }

  embed(matrices: TokenMatrix[]): Promise<Float32Array[]> {
    return this.call("embed", [matrices]) as Promise<Float32Array[]>;
  }

  getState(): Promise<ReplicaState> {
    return this.call("getState", []) as Promise<ReplicaState>;
  }

  async restore(state: ReplicaState): Promise<void> {
    await this.call("restore", [state]);
  }

  async dispose(): Promise<void> {
    if (!this.failure) await this.call("dispose", []).catch(() => undefined);
    await this.worker.terminate();
  }
}
