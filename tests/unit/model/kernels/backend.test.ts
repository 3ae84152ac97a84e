import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { BACKEND_NAMES, initBackend, tryWasm } from "@/lib/model/kernels/backend";
import { maxAbsDiff } from "@/tests/unit/model/bert/encoder-fixtures";

/** Switches to `backend` and runs `f` there. */
async function on<T>(backend: string, f: () => T): Promise<T> {
  await tf.setBackend(backend);
  return f();
}

describe("initBackend", () => {
  it("picks an available backend, says which, and answers the same thereafter", async () => {
    const name = await initBackend();
    expect(BACKEND_NAMES).toContain(name);
    // Without the optional accelerators installed, WASM is the best this machine can do.
    expect(["tensorflow-gpu", "webgpu", "tensorflow", "wasm"]).toContain(name);
    await expect(initBackend("cpu")).resolves.toBe(name);
  });

  it("obeys a forced backend and rejects an unknown name with the list of valid ones", async () => {
    vi.resetModules(); // a fresh module: initBackend has chosen nothing yet
    const fresh = await import("@/lib/model/kernels/backend");
    await expect(fresh.initBackend("bogus")).rejects.toThrow(
      /use one of tensorflow-gpu, webgpu, tensorflow, wasm, cpu/,
    );
    await expect(fresh.initBackend("cpu")).resolves.toBe("cpu");
    expect(tf.getBackend()).toBe("cpu");
    await tf.setBackend("wasm");
  });
});

describe("WASM UnsortedSegmentSum kernel", () => {
  beforeAll(async () => {
    expect(await tryWasm()).toBe(true);
  });

  it("scatter-adds rows like the CPU backend, dropping out-of-range ids", async () => {
    const x = [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
      [10, 11, 12],
      [13, 14, 15],
    ];
    const ids = [0, 2, 0, -1, 7];
    const run = () => tf.tidy(() => tf.unsortedSegmentSum(tf.tensor2d(x), tf.tensor1d(ids, "int32"), 4).arraySync());
    const wasm = await on("wasm", run);
    const cpu = await on("cpu", run);
    expect(wasm).toEqual(cpu);
    expect(wasm).toEqual([
      [8, 10, 12],
      [0, 0, 0],
      [4, 5, 6],
      [0, 0, 0],
    ]);
  });

  it("makes the gradient of an embedding lookup match the CPU backend", async () => {
    const table = Array.from({ length: 12 * 5 }, (_, i) => Math.sin(i));
    const ids = [
      [3, 7, 3, 0],
      [11, 3, 1, 1],
    ];
    const gradient = () =>
      tf.tidy(() => {
        const t = tf.tensor2d(table, [12, 5]);
        const weights = tf.tensor3d(
          Array.from({ length: 40 }, (_, i) => Math.cos(i)),
          [2, 4, 5],
        );
        const lossOf = (emb: tf.Tensor) =>
          tf.sum(tf.square(tf.mul(tf.gather(emb, tf.tensor2d(ids, [2, 4], "int32")), weights)));
        return tf.grad(lossOf)(t).dataSync().slice();
      });
    const wasm = await on("wasm", gradient);
    const cpu = await on("cpu", gradient);
    expect(maxAbsDiff(wasm, cpu)).toBeLessThan(1e-5);
    expect(wasm.some((v) => v !== 0)).toBe(true);
    await tf.setBackend("wasm");
  });
});
