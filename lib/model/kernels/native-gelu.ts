import * as tf from "@tensorflow/tfjs";
import { readFloats, tensorFilledBy } from "@/lib/model/kernels/host-tensor-data";
import { activeNativeAddon, loadNativeAddon } from "@/lib/model/kernels/native-addon";

/*
 * GELU on the WASM backend is five element-wise kernels (its `Erf` a scalar loop) plus more
 * for autodiff's gradient: ~140 ms forward and backward per `[2048, 1536]` FFN activation, a
 * third of what the layer's matmuls take once those run on OpenBLAS. The addon's vectorised
 * loop does both passes in ~10 ms, on the heap, and saves only `x` for the gradient.
 */

/** Whether {@link nativeGelu} can run: the WASM backend with the native addon loaded and on. */
export function nativeGeluActive(): boolean {
  return tf.getBackend() === "wasm" && activeNativeAddon() !== null;
}

type Gelu = (x: tf.Tensor) => tf.Tensor;

const geluWithGrad: Gelu = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
  save([x]);
  // The addon was loaded when the forward pass chose this path; a switch-off since then
  // (tests) must not leave a recorded gradient without its kernel.
  const addon = loadNativeAddon()!;
  return {
    // readFloats inside the fill: views only after the output's allocation, which may move the heap.
    value: tensorFilledBy(x.shape, (out) => addon.gelu(readFloats(x), out)),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
      tensorFilledBy(dy.shape, (out) => addon.geluGrad(readFloats(saved[0]), readFloats(dy), out)),
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as Gelu;

/**
 * Exact GELU, `x · Φ(x)`, differentiable, computed by the native addon on the WASM heap
 * (|error| ≤ 1e-6 relative). Only when {@link nativeGeluActive}; any float32 shape.
 */
export function nativeGelu<T extends tf.Tensor>(x: T): T {
  return geluWithGrad(x) as T;
}
