import { describe, expect, it } from "vitest";
import { distanceMatrix, silhouetteFromDistances } from "@/lib/core/silhouette";
import { topK } from "@/lib/core/top-k";
import { cosine, l2Normalize, normalizeRows, unitVector } from "@/lib/core/vector-math";

describe("the one rule for zero vectors", () => {
  it("normalising leaves a zero row zero and scales the others to unit length", () => {
    const rows = normalizeRows(new Float32Array([3, 4, 0, 0]), 2);
    expect(Array.from(rows)).toEqual([0.6000000238418579, 0.800000011920929, 0, 0]);
    expect(Array.from(unitVector([0, 0, 0]))).toEqual([0, 0, 0]);
  });

  it("a zero vector has cosine 0 with anything, itself included", () => {
    expect(cosine([0, 0], [1, 2])).toBe(0);
    expect(cosine([0, 0], [0, 0])).toBe(0);
    expect(cosine([1, 0], [2, 0])).toBeCloseTo(1, 12);
  });

  it("cosine distances in the silhouette follow the same rule (a zero row is at distance 1 from everything)", () => {
    const d = distanceMatrix(new Float32Array([1, 0, 0, 0, 0, 1]), 2, "cosine");
    expect(Array.from(d)).toEqual([0, 1, 1, 1, 0, 1, 1, 1, 0]);
  });

  it("a vector that must have a direction is refused when zero or non-finite", () => {
    expect(() => l2Normalize(new Float32Array(3), "query vector")).toThrow(/query vector is all zeros/);
    expect(() => l2Normalize(new Float32Array([1, NaN]))).toThrow(/NaN or Infinity/);
  });

  it("normalises in place when given its input as the output", () => {
    const v = new Float32Array([0, 2]);
    expect(normalizeRows(v, 2, v)).toBe(v);
    expect(Array.from(v)).toEqual([0, 1]);
  });
});

describe("silhouette and top-k", () => {
  it("scores well-separated clusters near 1 and ties rank the lower index first", () => {
    const points = new Float32Array([0, 0, 0, 0.1, 10, 10, 10, 10.1]);
    expect(silhouetteFromDistances(distanceMatrix(points, 2), [0, 0, 1, 1])).toBeGreaterThan(0.98);
    expect(topK([0.5, 0.9, 0.9, 0.1], 3)).toEqual([1, 2, 0]);
  });
});
