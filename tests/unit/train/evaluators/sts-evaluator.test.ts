import { describe, expect, it } from "vitest";
import { primaryValue } from "@/lib/train/evaluators/evaluation-result";
import { averageRanks, pearson, spearman } from "@/lib/train/evaluators/rank-correlation";
import { evaluateSts } from "@/lib/train/evaluators/sts-evaluator";

describe("rank correlation", () => {
  it("gives ties the average of their ranks", () => {
    expect(averageRanks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
    expect(averageRanks([3, 1, 3, 3])).toEqual([3, 1, 3, 3]);
  });

  it("Spearman of a monotone transform is 1, of a decreasing one −1", () => {
    const x = [0.1, 0.5, 0.3, 0.9, 0.7];
    expect(
      spearman(
        x,
        x.map((v) => Math.exp(5 * v)),
      ),
    ).toBeCloseTo(1, 12);
    expect(
      spearman(
        x,
        x.map((v) => -(v ** 3)),
      ),
    ).toBeCloseTo(-1, 12);
  });

  it("matches scipy.stats.spearmanr with ties", () => {
    // spearmanr([1, 2, 2, 3], [1, 2, 3, 4]) = 0.9486832980505139 = 4.5 / √22.5
    expect(spearman([1, 2, 2, 3], [1, 2, 3, 4])).toBeCloseTo(0.9486832980505139, 12);
  });

  it("Pearson: exact for linear relations, NaN for a constant series", () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    // [1, 2, 3] vs [1, 3, 2]: sxy = 0.5·… → 0.5
    expect(pearson([1, 2, 3], [1, 3, 2])).toBeCloseTo(0.5, 12);
    expect(pearson([1, 2, 3], [5, 5, 5])).toBeNaN();
  });
});

describe("evaluateSts", () => {
  it("scores embedding pairs by cosine, Spearman first", () => {
    const a = [
      [1, 0],
      [1, 0],
      [1, 0],
    ];
    const b = [
      [1, 0.1],
      [1, 1],
      [0, 1],
    ]; // cosines fall as the gold does
    const result = evaluateSts({ a, b, gold: [5, 2.5, 0] });
    expect(result.primary).toBe("spearman");
    expect(primaryValue(result)).toBeCloseTo(1, 12);
    expect(result.metrics.pearson).toBeGreaterThan(0.9);
  });

  it("takes precomputed similarities and checks the counts", () => {
    expect(evaluateSts({ similarities: [0.2, 0.1], gold: [1, 2] }).metrics.spearman).toBeCloseTo(-1, 12);
    expect(() => evaluateSts({ similarities: [0.2], gold: [1, 2] })).toThrow(/1 pairs but 2 gold scores/);
  });
});
