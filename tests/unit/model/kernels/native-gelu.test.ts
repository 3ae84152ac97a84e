import * as tf from "@tensorflow/tfjs";
import { afterEach, describe, expect, it } from "vitest";
import { initBackend } from "@/lib/model/kernels/backend";
import { gelu } from "@/lib/model/bert/bert-layers";
import { setNativeKernelsEnabled } from "@/lib/model/kernels/native-addon";
import { nativeGeluActive } from "@/lib/model/kernels/native-gelu";
import { registerNativeMatMulKernels } from "@/lib/model/kernels/native-matmul";
import { maxAbsDiff } from "@/tests/unit/model/bert/encoder-fixtures";

await initBackend("wasm");
await tf.setBackend("wasm");
// False where OpenBLAS or the addon's build is missing (or COGNATE_NATIVE_MATMUL=0); CI installs it.
const available = registerNativeMatMulKernels();

afterEach(() => setNativeKernelsEnabled(true));

/** GELU and its gradient under `dy` at `x`, natively or with TF.js ops. */
function geluAndGrad(x: tf.Tensor2D, dy: tf.Tensor2D, native: boolean): { y: Float32Array; dx: Float32Array } {
  setNativeKernelsEnabled(native);
  expect(nativeGeluActive()).toBe(native);
  const { value, grad } = tf.valueAndGrad((t: tf.Tensor) => gelu(t as tf.Tensor2D))(x, dy);
  const out = { y: value.dataSync() as Float32Array, dx: grad.dataSync() as Float32Array };
  tf.dispose([value, grad]);
  return out;
}

describe("native GELU on wasm", () => {
  it.skipIf(!available)("matches TF.js's erf GELU and its gradient, tails included", () => {
    // Spread over [-12, 12]: the approximations clamp at |x| = 4 (erf) and 87 (exp).
    const x = tf.tidy(() => tf.mul(tf.randomUniform([97, 131], -1, 1, "float32", 1), 12)) as tf.Tensor2D;
    const dy = tf.randomNormal([97, 131], 0, 1, "float32", 2) as tf.Tensor2D;
    const native = geluAndGrad(x, dy, true);
    const ops = geluAndGrad(x, dy, false);
    expect(maxAbsDiff(native.y, ops.y)).toBeLessThan(1e-5);
    expect(maxAbsDiff(native.dx, ops.dx)).toBeLessThan(1e-5);
    tf.dispose([x, dy]);
  });

  it.skipIf(!available)("keeps the tensor count flat", () => {
    const x = tf.randomNormal([16, 8]) as tf.Tensor2D;
    const dy = tf.onesLike(x) as tf.Tensor2D;
    geluAndGrad(x, dy, true);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) geluAndGrad(x, dy, true);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, dy]);
  });

  it("is TF.js's GELU on other backends", async () => {
    await tf.setBackend("cpu");
    expect(nativeGeluActive()).toBe(false);
    const y = tf.tidy(() => Array.from(gelu(tf.tensor2d([[-1, 0, 2]])).dataSync()));
    expect(y[1]).toBe(0);
    expect(y[2]).toBeCloseTo(1.9545, 4);
    await tf.setBackend("wasm");
  });
});
