import { describe, expect, it } from "vitest";
import { evaluateClustering } from "@/lib/train/evaluators/clustering-evaluator";
import { adjustedRandIndex, normalizedMutualInfo } from "@/lib/train/evaluators/partition-agreement";
import { silhouetteScore } from "@/lib/train/evaluators/silhouette";

describe("NMI", () => {
  it("is 1 for identical partitions, whatever the label names", () => {
    expect(normalizedMutualInfo([0, 0, 1, 1, 2], [0, 0, 1, 1, 2])).toBeCloseTo(1, 12);
    expect(normalizedMutualInfo([0, 0, 1, 1, 2], ["x", "x", "y", "y", "z"])).toBeCloseTo(1, 12);
  });

  it("is 0 for independent partitions", () => {
    const a = Array.from({ length: 12 }, (_, i) => i % 3);
    const b = Array.from({ length: 12 }, (_, i) => Math.floor(i / 3) % 2); // every (a, b) cell holds 2
    expect(normalizedMutualInfo(a, b)).toBeCloseTo(0, 12);
  });

  it("matches scikit-learn: v_measure_score([0, 0, 1, 2], [0, 0, 1, 1]) = 0.8", () => {
    expect(normalizedMutualInfo([0, 0, 1, 2], [0, 0, 1, 1])).toBeCloseTo(0.8, 12);
  });
});

describe("ARI", () => {
  it("matches scikit-learn's documented examples", () => {
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(4 / 7, 12); // 0.5714…
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 12);
    expect(adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0])).toBe(1);
    expect(adjustedRandIndex([0, 1, 2, 3], [0, 1, 2, 3])).toBe(1); // both all apart
  });
});

describe("silhouette", () => {
  it("matches a hand computation on one dimension", () => {
    // Clusters {0, 1} and {4, 5}: a = 1 for all; b = 4.5, 3.5, 3.5, 4.5.
    const want = (3.5 / 4.5 + 2.5 / 3.5) / 2;
    expect(silhouetteScore([[0], [1], [4], [5]], [0, 0, 1, 1], { metric: "euclidean" })).toBeCloseTo(want, 12);
  });

  it("scores a singleton 0 and is NaN with one cluster", () => {
    // Item 0: a = 1, b = 4; item 1: a = 1, b = 3; item 4 is alone: 0.
    const want = ((4 - 1) / 4 + (3 - 1) / 3 + 0) / 3;
    expect(silhouetteScore([[0], [1], [4]], [0, 0, 1], { metric: "euclidean" })).toBeCloseTo(want, 12);
    expect(silhouetteScore([[0], [1]], [0, 0])).toBeNaN();
  });

  it("uses cosine distance by default and a reproducible sample", () => {
    const points = Array.from({ length: 60 }, (_, i) => (i % 2 ? [1, 0.1 * (i % 5)] : [0.1 * (i % 5), 1]));
    const labels = points.map((_, i) => i % 2);
    const full = silhouetteScore(points, labels);
    expect(full).toBeGreaterThan(0.8);
    const sampled = silhouetteScore(points, labels, { sampleSize: 20, seed: 3 });
    expect(sampled).toBe(silhouetteScore(points, labels, { sampleSize: 20, seed: 3 }));
    expect(sampled).toBeGreaterThan(0.8);
  });
});

describe("evaluateClustering", () => {
  it("reports NMI (primary), ARI and silhouette", () => {
    const result = evaluateClustering({
      clusters: [0, 0, 1, 1],
      labels: ["a", "a", "b", "b"],
      embeddings: [
        [1, 0],
        [1, 0.1],
        [0, 1],
        [0.1, 1],
      ],
    });
    expect(result.primary).toBe("nmi");
    expect(result.metrics.nmi).toBeCloseTo(1, 12);
    expect(result.metrics.ari).toBe(1);
    expect(result.metrics.silhouette).toBeGreaterThan(0.9);
  });

  it("falls back to the silhouette without gold labels", () => {
    const result = evaluateClustering({
      clusters: [0, 1, 1],
      embeddings: [
        [1, 0],
        [0, 1],
        [0.1, 1],
      ],
    });
    expect(result.primary).toBe("silhouette");
    expect(result.metrics.nmi).toBeNaN();
    expect(() => evaluateClustering({ clusters: [0] })).toThrow(/needs gold labels/);
  });
});
