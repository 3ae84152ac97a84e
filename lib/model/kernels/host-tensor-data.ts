import * as tf from "@tensorflow/tfjs";
import type { BackendWasm } from "@tensorflow/tfjs-backend-wasm";

/*
 * Float32 tensor data in host memory without the copies of `dataSync` and `tf.tensor`, for
 * loops in JavaScript over big tensors (AdamW over 22.7 M parameters, gradient exchange):
 * on WASM a tensor's values sit in the module's heap, on the CPU backend in a JS array.
 * A fresh `Float32Array` per step costs more than the loop itself (its pages are zeroed and
 * faulted in), so reading in place and writing straight into a new tensor's memory matter.
 */

/** Backends whose tensor data lives in this process's memory, where host loops pay off. */
export function backendHoldsHostData(): boolean {
  const name = tf.getBackend();
  return name === "wasm" || name === "cpu";
}

/**
 * The values of a float32 tensor `t`, read-only: a view of the WASM heap (valid until the
 * next allocation, which may move the heap), or the CPU backend's own array; a copy elsewhere.
 */
export function readFloats(t: tf.Tensor): Float32Array {
  if (t.dtype !== "float32") throw new Error(`readFloats takes float32 tensors, got ${t.dtype}`);
  if (tf.getBackend() === "wasm") return (tf.backend() as BackendWasm).typedArrayFromHeap(t) as Float32Array;
  return t.dataSync() as Float32Array;
}

/**
 * A new float32 tensor of `shape` whose values `fill` writes. On WASM `out` is the tensor's
 * own heap memory (no copy); `fill` must not create tensors, since growing the heap would
 * detach `out` and any view from {@link readFloats}. Elsewhere `out` becomes the tensor's data.
 */
export function tensorFilledBy(shape: number[], fill: (out: Float32Array) => void): tf.Tensor {
  if (tf.getBackend() === "wasm") {
    const backend = tf.backend() as BackendWasm;
    const dataId = backend.write(null, shape, "float32");
    fill(backend.typedArrayFromHeap({ dataId, shape, dtype: "float32" }) as Float32Array);
    return tf.engine().makeTensorFromDataId(dataId, shape, "float32", backend);
  }
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  fill(out);
  return tf.tensor(out, shape, "float32");
}
