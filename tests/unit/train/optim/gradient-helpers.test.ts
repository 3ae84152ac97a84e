import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { clipByGlobalNorm, globalNorm } from "@/lib/train/optim/clip-by-global-norm";
import { GradientAccumulator } from "@/lib/train/optim/gradient-accumulator";
import { useCpuBackend } from "@/tests/unit/train/helpers";

beforeAll(useCpuBackend);

const values = (v: tf.Tensor) => Array.from(v.dataSync());

describe("clipByGlobalNorm", () => {
  it("scales every gradient so that the global norm is the maximum, and returns the norm", () => {
    const grads = new Map<string, tf.Tensor>([
      ["a", tf.tensor1d([3])],
      ["b", tf.tensor2d([[0, 4]])],
    ]);
    const { grads: clipped, norm } = clipByGlobalNorm(grads, 1);
    expect(norm).toBeCloseTo(5, 6);
    expect(values(clipped.get("a")!)[0]).toBeCloseTo(0.6, 5);
    expect(values(clipped.get("b")!)).toEqual([0, expect.closeTo(0.8, 5)]);
    expect(globalNorm(clipped.values())).toBeCloseTo(1, 5);
    // Under the maximum nothing changes.
    const { grads: kept, norm: same } = clipByGlobalNorm(grads, 10);
    expect(same).toBeCloseTo(5, 6);
    expect(values(kept.get("a")!)).toEqual([3]);
    tf.dispose([...grads.values(), ...clipped.values(), ...kept.values()]);
  });

  it("reports a non-finite norm so the step can be skipped", () => {
    const grads = new Map<string, tf.Tensor>([["a", tf.tensor1d([NaN, 1])]]);
    const { grads: clipped, norm } = clipByGlobalNorm(grads, 1);
    expect(Number.isFinite(norm)).toBe(false);
    tf.dispose([...grads.values(), ...clipped.values()]);
  });
});

describe("GradientAccumulator", () => {
  it("sums micro-batches then averages, optionally weighted", () => {
    const acc = new GradientAccumulator();
    const g1 = new Map([["w", tf.tensor1d([1, 2])]]);
    const g2 = new Map([["w", tf.tensor1d([3, 6])]]);
    acc.add(g1);
    acc.add(g2);
    expect(acc.microBatches).toBe(2);
    const mean = acc.mean();
    expect(values(mean.get("w")!)).toEqual([2, 4]);
    acc.reset();
    acc.add(g1, 3);
    acc.add(g2, 1);
    const weighted = acc.mean();
    expect(values(weighted.get("w")!)).toEqual([1.5, 3]);
    acc.dispose();
    expect(() => acc.mean()).toThrow(/No gradients were accumulated/);
    tf.dispose([...g1.values(), ...g2.values(), ...mean.values(), ...weighted.values()]);
  });

  it("clipping and accumulation leak nothing over steps", () => {
    const acc = new GradientAccumulator();
    const g = new Map([
      ["w", tf.tensor1d([1, 2, 3])],
      ["b", tf.tensor1d([4])],
    ]);
    const step = () => {
      acc.add(g);
      acc.add(g);
      const mean = acc.mean();
      acc.reset();
      const { grads } = clipByGlobalNorm(mean, 1);
      tf.dispose([...mean.values(), ...grads.values()]);
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([...g.values()]);
  });
});
