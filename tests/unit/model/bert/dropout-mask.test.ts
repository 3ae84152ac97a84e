import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "@/lib/model/kernels/backend";
import { dropoutWithMask } from "@/lib/model/bert/dropout-mask";
import { withSeededRandom } from "@/lib/train/trainer/seeded-dropout";

beforeAll(async () => {
  await initBackend("wasm");
  await tf.setBackend("wasm");
});

describe("dropoutWithMask", () => {
  it("keeps about 1 − rate of the values, scaled by 1/(1 − rate), and zeroes the rest", () => {
    const x = tf.ones([200, 50]);
    const y = dropoutWithMask(x, 0.25);
    const values = Array.from(y.dataSync());
    const kept = values.filter((v) => v !== 0);
    expect(kept.every((v) => Math.abs(v - 1 / 0.75) < 1e-6)).toBe(true);
    expect(kept.length / values.length).toBeGreaterThan(0.72);
    expect(kept.length / values.length).toBeLessThan(0.78);
    tf.dispose([x, y]);
  });

  it("draws the same mask under the same seed, another under another seed", () => {
    const x = tf.ones([64]);
    const draw = (seed: number) =>
      withSeededRandom(seed, () => tf.tidy(() => Array.from(dropoutWithMask(x, 0.5).dataSync())));
    expect(draw(3)).toEqual(draw(3));
    expect(draw(3)).not.toEqual(draw(4));
    x.dispose();
  });

  it("passes the gradient through the kept values only", () => {
    const x = tf.tensor1d([1, 2, 3, 4, 5, 6, 7, 8]);
    const g = withSeededRandom(9, () => tf.grad((t: tf.Tensor) => tf.sum(dropoutWithMask(t, 0.5)))(x));
    const mask = withSeededRandom(9, () => tf.tidy(() => Array.from(dropoutWithMask(tf.ones([8]), 0.5).dataSync())));
    expect(Array.from(g.dataSync())).toEqual(mask);
    expect(mask.some((v) => v === 0) && mask.some((v) => v === 2)).toBe(true);
    tf.dispose([x, g]);
  });

  it("rejects a rate outside [0, 1)", () => {
    const x = tf.ones([2]);
    expect(() => dropoutWithMask(x, 1)).toThrow(/\[0, 1\)/);
    x.dispose();
  });
});
