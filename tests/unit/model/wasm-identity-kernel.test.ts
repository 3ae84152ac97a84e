import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "@/lib/model/backend";
import { registerWasmIdentityKernel } from "@/lib/model/wasm-identity-kernel";

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
