import { availableParallelism } from "node:os";
import * as tf from "@tensorflow/tfjs";
import { bertParameterShapes } from "@/lib/model/bert/bert-parameters";
import type { LossConfig } from "@/lib/train/trainer/batch-loss";
import type { ReplicaSetup } from "@/lib/train/trainer/model-replica";
import { InProcessHost } from "@/lib/train/trainer/replica-host";
import { TrainingEngine, type EngineOptions } from "@/lib/train/trainer/training-engine";
import { WorkerHost } from "@/lib/train/parallel/worker-host";

/** Backends that use every core (or a GPU) from one thread: data parallelism over threads would only compete. */
const SINGLE_THREAD_BACKENDS = new Set(["tensorflow-gpu", "webgpu", "tensorflow", "webgl"]);

/**
 * Worker threads to train with: on the WASM (or plain CPU) backend, which runs one thread per
 * backend, one per core (`requested` overrides); on a GPU or libtensorflow backend, none.
 */
export function defaultWorkerCount(backend: string, requested?: number): number {
  if (requested !== undefined) {
    if (!(Number.isInteger(requested) && requested >= 0))
      throw new Error(`workers must be a non-negative integer, got ${requested}`);
    return requested;
  }
  return SINGLE_THREAD_BACKENDS.has(backend) ? 0 : Math.max(1, availableParallelism());
}

/**
 * A training engine over `workers` worker threads (each with its own WASM backend and
 * replica), or over one replica in this thread when `workers` is 0 or 1 — one worker thread
 * would only add copying to the same single core's work.
 */
export async function createTrainingEngine(
  setup: ReplicaSetup,
  workers: number,
  options: Omit<EngineOptions, "gradCache"> = {},
): Promise<TrainingEngine> {
  const hidden = setup.config.hidden_size;
  const loss: LossConfig = setup.loss;
  // GradCache's loss runs on the main thread without the replicas' learnable τ.
  const engineOptions: EngineOptions = { ...options, gradCache: setup.learnableTemperature === undefined };
  if (workers <= 1) return new TrainingEngine([new InProcessHost(setup)], loss, hidden, undefined, engineOptions);
  const count = parameterCount(setup);
  const own = Array.from({ length: workers }, () => new SharedArrayBuffer(count * 4));
  const mean = new SharedArrayBuffer(count * 4);
  const started = await Promise.allSettled(
    own.map((buffer) => WorkerHost.start({ setup, own: buffer, mean, backend: "wasm" })),
  );
  const hosts = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) {
    await Promise.all(hosts.map((h) => h.dispose()));
    throw failed.reason;
  }
  if (hosts[0].parameterCount !== count)
    throw new Error(`parameter count mismatch: ${hosts[0].parameterCount} in the worker, ${count} expected`);
  return new TrainingEngine(
    hosts,
    loss,
    hidden,
    { own: own.map((b) => new Float32Array(b)), mean: new Float32Array(mean) },
    engineOptions,
  );
}

/** Values of every trainable: the encoder's parameters plus τ when learnt. */
function parameterCount(setup: ReplicaSetup): number {
  let n = setup.learnableTemperature !== undefined ? 1 : 0;
  for (const shape of bertParameterShapes(setup.config).values()) n += shape.reduce((a, b) => a * b, 1);
  return n;
}

/** The TF.js backend of this thread, for {@link defaultWorkerCount}. */
export function currentBackend(): string {
  return tf.getBackend();
}
