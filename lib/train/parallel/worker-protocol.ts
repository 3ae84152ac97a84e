import type { ReplicaSetup } from "@/lib/train/trainer/model-replica";

/** The calls a training worker answers; each maps to a `ReplicaHost` method of the same name. */
export type WorkerOp =
  | "init"
  | "accumulate"
  | "embedRoles"
  | "backprop"
  | "exportGradients"
  | "applyShared"
  | "embed"
  | "getState"
  | "restore"
  | "dispose";

/** Main → worker. */
export interface WorkerRequest {
  id: number;
  op: WorkerOp;
  args: unknown[];
}

/** Worker → main: the result, or the error message and stack. */
export type WorkerResponse =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string; stack?: string };

/** Arguments of `init`. */
export interface WorkerInit {
  setup: ReplicaSetup;
  /** `[parameterCount]` float32 where the worker writes its gradient sums. */
  own: SharedArrayBuffer;
  /** `[parameterCount]` float32 the main thread fills with the summed gradient. */
  mean: SharedArrayBuffer;
  /** TF.js backend for the worker (default wasm). */
  backend?: string;
}
