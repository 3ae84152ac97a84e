import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { cosentLoss } from "@/lib/train/losses/cosent-loss";
import { useCpuBackend, valueOf } from "@/tests/unit/train/helpers";

beforeAll(useCpuBackend);

/** Pairs whose cosines are exactly `cosines`: a = (1, 0), b at angle acos(c). */
function pairsWithCosines(cosines: number[]) {
  return {
    a: tf.tensor2d(cosines.map(() => [1, 0])),
    b: tf.tensor2d(cosines.map((c) => [c, Math.sqrt(1 - c * c)])),
  };
}

describe("cosentLoss", () => {
  it("matches a hand-computed value", () => {
    const { a, b } = pairsWithCosines([0.9, 0.5, 0.1]);
    // Gold order 5 > 3 > 1 agrees with the cosines: terms e^{20(0.5−0.9)}, e^{20(0.1−0.9)}, e^{20(0.1−0.5)}.
    const agreeing = Math.log(1 + Math.exp(-8) + Math.exp(-16) + Math.exp(-8));
    expect(valueOf(cosentLoss({ a, b, scores: [5, 3, 1] }))).toBeCloseTo(agreeing, 5);
    // Reversed gold: the same terms with the opposite sign.
    const disagreeing = Math.log(1 + Math.exp(8) + Math.exp(16) + Math.exp(8));
    expect(valueOf(cosentLoss({ a, b, scores: [1, 3, 5] }))).toBeCloseTo(disagreeing, 4);
    // Ties add nothing, and only the order of the scores matters (0–1 scale gives the same).
    expect(valueOf(cosentLoss({ a, b, scores: [2, 2, 2] }))).toBeCloseTo(0, 6);
    expect(valueOf(cosentLoss({ a, b, scores: tf.tensor1d([1, 0.6, 0.2]) }))).toBeCloseTo(agreeing, 5);
    tf.dispose([a, b]);
  });

  it("says how many scores it expected", () => {
    const { a, b } = pairsWithCosines([0.9, 0.5]);
    expect(() => cosentLoss({ a, b, scores: [1] })).toThrow(/2 pairs but 1 scores/);
    tf.dispose([a, b]);
  });
});
