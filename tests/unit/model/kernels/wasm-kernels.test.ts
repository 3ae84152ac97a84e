import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "@/lib/model/kernels/backend";
import { registerWasmIdentityKernel } from "@/lib/model/kernels/wasm-identity-kernel";
import { registerWasmTransposeKernel, transposeBlocked } from "@/lib/model/kernels/wasm-transpose-kernel";

beforeAll(async () => {
  await initBackend("wasm");
  await tf.setBackend("wasm");
});

describe("shared-memory Identity on wasm", () => {
  it("clones without copying, and a clone outlives its source", () => {
    registerWasmIdentityKernel(); // idempotent
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const buffers = tf.memory().numDataBuffers;
    const y = tf.clone(x);
    expect(tf.memory().numDataBuffers).toBe(buffers);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4]);
    y.dispose();
  });

  it("keeps gradients of ops that save their inputs exact", () => {
    const x = tf.tensor1d([0.5, -1, 2]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.square(t), t)))(x);
    // d/dx x³ = 3x²
    expect(Array.from(g.dataSync())).toEqual([0.75, 3, 12]);
    tf.dispose([x, g]);
  });
});

describe("blocked 2-D Transpose on wasm", () => {
  it("transposes matrices of sizes that are not multiples of the tile", () => {
    registerWasmTransposeKernel(); // idempotent
    const [rows, cols] = [37, 70];
    const data = Float32Array.from({ length: rows * cols }, (_, i) => i * 0.5 - 7);
    const x = tf.tensor2d(data, [rows, cols]);
    const y = tf.transpose(x);
    expect(y.shape).toEqual([cols, rows]);
    const want = new Float32Array(rows * cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) want[j * rows + i] = data[i * cols + j];
    expect(Array.from(y.dataSync())).toEqual(Array.from(want));
    const out = new Float32Array(rows * cols);
    transposeBlocked(data, rows, cols, out);
    expect(out).toEqual(want);
    tf.dispose([x, y]);
  });

  it("leaves other ranks and dtypes to the backend's kernel", () => {
    const x = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
    expect(tf.tidy(() => Array.from(tf.transpose(x, [2, 0, 1]).dataSync()))).toEqual([1, 3, 5, 7, 2, 4, 6, 8]);
    const ints = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], "int32");
    expect(tf.tidy(() => Array.from(tf.transpose(ints).dataSync()))).toEqual([1, 4, 2, 5, 3, 6]);
    tf.dispose([x, ints]);
  });
});
