import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { backendLabel, initBackend } from "@/lib/model/kernels/backend";
import { BertEncoder, type EncoderInputs } from "@/lib/model/bert/bert-encoder";
import { setNativeKernelsEnabled } from "@/lib/model/kernels/native-addon";
import { nativeMatMulActive, registerNativeMatMulKernels } from "@/lib/model/kernels/native-matmul";
import { sentenceEmbedding } from "@/lib/model/bert/pooling";
import { exampleBatch, maxAbsDiff, testWeights, tinyConfig } from "@/tests/unit/model/bert/encoder-fixtures";

await initBackend("wasm");
await tf.setBackend("wasm");
// False where OpenBLAS or the addon's build is missing (or COGNATE_NATIVE_MATMUL=0); CI installs it.
const available = registerNativeMatMulKernels();

afterEach(() => setNativeKernelsEnabled(true));

/** `f`'s values with the OpenBLAS kernels, then with the WASM backend's own. */
function bothWays(f: () => tf.Tensor): { native: Float32Array; wasm: Float32Array; shape: number[] } {
  setNativeKernelsEnabled(true);
  const n = f();
  setNativeKernelsEnabled(false);
  const w = f();
  expect(n.shape).toEqual(w.shape);
  const out = { native: n.dataSync() as Float32Array, wasm: w.dataSync() as Float32Array, shape: n.shape };
  tf.dispose([n, w]);
  return out;
}

/** Max abs difference, relative to the values' size once they exceed 1. */
function expectClose(native: Float32Array, wasm: Float32Array): void {
  const scale = Math.max(1, ...Array.from(wasm, Math.abs));
  expect(maxAbsDiff(native, wasm) / scale).toBeLessThanOrEqual(1e-4);
}

const normal = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, "float32", seed);

describe("OpenBLAS matmul kernels on wasm", () => {
  it.skipIf(!available)("are in place, and training's backend says so", () => {
    expect(nativeMatMulActive()).toBe(true);
    expect(backendLabel("wasm")).toBe("wasm + OpenBLAS");
    setNativeKernelsEnabled(false);
    expect(backendLabel("wasm")).toBe("wasm");
  });

  // [a shape, b shape, transposeA, transposeB]: odd sizes, every transpose, batches and broadcast batches of 1.
  const cases: [number[], number[], boolean, boolean][] = [
    [[7, 5], [5, 3], false, false],
    [[5, 7], [5, 3], true, false],
    [[7, 5], [3, 5], false, true],
    [[5, 7], [3, 5], true, true],
    [[1, 9], [9, 6], false, false],
    [[6, 9], [9, 1], false, false],
    [[4, 6, 5], [4, 5, 3], false, false],
    [[4, 6, 5], [4, 3, 5], false, true],
    [[4, 5, 6], [4, 5, 3], true, false],
    [[1, 6, 5], [4, 5, 3], false, false],
    [[4, 6, 5], [1, 3, 5], false, true],
    [[4, 6, 5], [5, 3], false, false],
    [[2, 3, 4, 5], [2, 3, 5, 4], false, false],
    [[2, 3, 4, 5], [1, 1, 2, 4], true, true],
  ];
  it.skipIf(!available).each(cases)(
    "BatchMatMul %j · %j (transposeA %s, transposeB %s) agrees with WASM's",
    (aShape, bShape, ta, tb) => {
      const a = normal(aShape, 1);
      const b = normal(bShape, 2);
      const { native, wasm } = bothWays(() => tf.matMul(a, b, ta, tb));
      expectClose(native, wasm);
      tf.dispose([a, b]);
    },
  );

  it.skipIf(!available)("_FusedMatMul adds a bias of [n], [1, n] or one value, transposed and batched", () => {
    // The reference is WASM's BatchMatMul then Add: WASM's own _FusedMatMul adds the bias wrongly
    // whenever it leaves XNNPACK (a transpose or a batch; tfjs-backend-wasm 4.22).
    const a = normal([3, 8, 6], 3);
    const b = normal([3, 5, 6], 4);
    for (const bias of [normal([5], 5), normal([1, 5], 6), tf.scalar(0.7), tf.tensor1d([-1.5])]) {
      setNativeKernelsEnabled(true);
      const fused = tf.fused.matMul({ a, b, bias, transposeB: true });
      setNativeKernelsEnabled(false);
      const reference = tf.add(tf.matMul(a, b, false, true), bias);
      expect(fused.shape).toEqual(reference.shape);
      expectClose(fused.dataSync() as Float32Array, reference.dataSync() as Float32Array);
      tf.dispose([bias, fused, reference]);
    }
    // The dense layers' case, plain 2-D, where WASM's fused kernel (XNNPACK) is right.
    const x = normal([33, 17], 7);
    const w = normal([17, 12], 8);
    const bias = normal([12], 9);
    const { native, wasm } = bothWays(() => tf.fused.matMul({ a: x, b: w, bias }));
    expectClose(native, wasm);
    tf.dispose([a, b, x, w, bias]);
  });

  it.skipIf(!available)("leaves other activations and PReLU to the WASM kernel", () => {
    const a = normal([6, 4], 10);
    const b = normal([4, 5], 11);
    const bias = normal([5], 12);
    const alpha = normal([5], 13);
    const relu = bothWays(() => tf.fused.matMul({ a, b, bias, activation: "relu" }));
    expect(relu.native).toEqual(relu.wasm);
    expect(relu.native.every((v) => v >= 0)).toBe(true);
    const prelu = bothWays(() => tf.fused.matMul({ a, b, bias, activation: "prelu", preluActivationWeights: alpha }));
    expect(prelu.native).toEqual(prelu.wasm);
    tf.dispose([a, b, bias, alpha]);
  });

  it.skipIf(!available)("gives a small encoder the same loss and gradients, without leaking tensors", () => {
    const config = tinyConfig(32, 2, 4);
    const encoder = new BertEncoder(config, testWeights(config, 11));
    const batch = exampleBatch([6, 4, 8, 3], config.vocab_size, 5);
    const inputs: EncoderInputs = {
      inputIds: tf.tensor2d(batch.ids, undefined, "int32"),
      attentionMask: tf.tensor2d(batch.mask, undefined, "int32"),
    };
    const vars = [...encoder.variables.values()];
    const loss = () =>
      tf.tidy(() => {
        const e = sentenceEmbedding(encoder, inputs);
        return tf.sum(tf.square(tf.matMul(e, e, false, true))) as tf.Scalar;
      });
    const run = (on: boolean) => {
      setNativeKernelsEnabled(on);
      const { value, grads } = tf.variableGrads(loss, vars);
      const out = { value: value.dataSync()[0], grads: vars.map((v) => grads[v.name].dataSync() as Float32Array) };
      tf.dispose([value, ...Object.values(grads)]);
      return out;
    };
    run(true); // warm-up: first calls may cache kernels
    const before = tf.memory().numTensors;
    const native = run(true);
    expect(tf.memory().numTensors).toBe(before);
    const wasm = run(false);
    expect(Math.abs(native.value - wasm.value) / Math.abs(wasm.value)).toBeLessThan(1e-4);
    native.grads.forEach((g, i) => expectClose(g, wasm.grads[i]));
    encoder.dispose();
    tf.dispose([inputs.inputIds, inputs.attentionMask]);
  });

  it.skipIf(!available)("loads and multiplies in several worker threads at once (one replica per thread)", async () => {
    const addonPath = createRequire(import.meta.url).resolve("cognate-blas-matmul");
    // 2 × 3 by 3 × 2 of ones: every entry is 3.
    const code = `const { parentPort } = require("node:worker_threads");
      const { sgemm } = require(${JSON.stringify(addonPath)});
      const out = new Float32Array(4);
      sgemm(new Float32Array(6).fill(1), new Float32Array(6).fill(1), out, null, 1, 2, 2, 3, 1, 1, false, false);
      parentPort.postMessage(Array.from(out));`;
    const results = await Promise.all(
      [0, 1, 2].map(
        () =>
          new Promise<number[]>((resolve, reject) => {
            const worker = new Worker(code, { eval: true });
            worker.once("message", (m: number[]) => void worker.terminate().then(() => resolve(m)));
            worker.once("error", reject);
          }),
      ),
    );
    expect(results).toEqual([
      [3, 3, 3, 3],
      [3, 3, 3, 3],
      [3, 3, 3, 3],
    ]);
  });

  it.skipIf(!available)("the addon refuses views too short for the shapes it is given", () => {
    const addon = createRequire(import.meta.url)("cognate-blas-matmul") as { sgemm: (...args: unknown[]) => void };
    const f = (n: number) => new Float32Array(n);
    expect(() => addon.sgemm(f(6), f(6), f(3), null, 1, 2, 2, 3, 1, 1, false, false)).toThrow(
      /out holds 3 floats, 4 needed/,
    );
    expect(() => addon.sgemm(f(6), [1, 2], f(4), null, 1, 2, 2, 3, 1, 1, false, false)).toThrow(
      /b must be a Float32Array/,
    );
  });
});

afterAll(() => setNativeKernelsEnabled(true));
