import { describe, expect, it } from "vitest";
import { exactSearch } from "@/lib/index/exact-search";
import { lowRankUnitVectors, randomUnitVectors } from "@/lib/index/random-unit-vectors";
import { recallAtK } from "@/lib/index/recall-at-k";
import { l2Normalize, normalizeRows } from "@/lib/core/vector-math";

describe("exactSearch", () => {
  it("returns the k highest cosine similarities, best first, like a full sort", () => {
    const dim = 16;
    const n = 500;
    const vectors = randomUnitVectors(n, dim, 7);
    const ids = Array.from({ length: n }, (_, i) => 1000 + i);
    const query = randomUnitVectors(1, dim, 8);
    const all = ids.map((id, i) => ({
      id,
      score: vectors.subarray(i * dim, (i + 1) * dim).reduce((s, v, j) => s + v * query[j], 0),
    }));
    all.sort((a, b) => b.score - a.score);
    const top = exactSearch(vectors, ids, query, 10);
    expect(top.map((r) => r.id)).toEqual(all.slice(0, 10).map((r) => r.id));
    top.forEach((r, i) => expect(r.score).toBeCloseTo(all[i].score, 5));
  });

  it("normalises the query, returns fewer results than k when there are fewer rows, and checks shapes", () => {
    const vectors = normalizeRows(new Float32Array([1, 0, 0, 1]), 2);
    expect(exactSearch(vectors, [5, 6], new Float32Array([3, 0]), 5)).toEqual([
      { id: 5, score: 1 },
      { id: 6, score: 0 },
    ]);
    expect(() => exactSearch(vectors, [5], new Float32Array([1, 0]), 1)).toThrow(/ids × dim/);
    expect(() => exactSearch(vectors, [5, 6], new Float32Array([0, 0]), 1)).toThrow(/all zeros/);
  });
});

describe("vector helpers", () => {
  it("normalises to unit length and rejects unusable vectors with a hint", () => {
    expect(Array.from(l2Normalize(new Float32Array([3, 4])))).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]);
    expect(() => l2Normalize(new Float32Array([1, NaN]))).toThrow(/NaN or Infinity/);
    expect(() => normalizeRows(new Float32Array(5), 2)).toThrow(/multiple of dim/);
  });

  it("draws low-rank unit vectors that lie near their shared subspace", () => {
    const dim = 128;
    const options = { latentDim: 4, noise: 0.1, seed: 3, basisSeed: 9 };
    const a = lowRankUnitVectors(50, dim, options);
    expect(Array.from(lowRankUnitVectors(50, dim, options))).toEqual(Array.from(a));
    const random = randomUnitVectors(50, dim, 3);
    const meanAbsCos = (m: Float32Array) => {
      let sum = 0;
      for (let i = 1; i < 50; i++) sum += Math.abs(m.subarray(0, dim).reduce((s, v, j) => s + v * m[i * dim + j], 0));
      return sum / 49;
    };
    for (let i = 0; i < 50; i++) expect(Math.hypot(...a.subarray(i * dim, (i + 1) * dim))).toBeCloseTo(1, 5);
    // In 4 effective dimensions directions correlate far more than uniform ones in 128.
    expect(meanAbsCos(a)).toBeGreaterThan(3 * meanAbsCos(random));
  });

  it("draws reproducible unit vectors", () => {
    const a = randomUnitVectors(3, 7, 42);
    expect(Array.from(randomUnitVectors(3, 7, 42))).toEqual(Array.from(a));
    for (let i = 0; i < 3; i++) expect(Math.hypot(...a.subarray(i * 7, i * 7 + 7))).toBeCloseTo(1, 5);
  });
});

describe("recallAtK", () => {
  it("is the share of the true top k that were found, averaged over queries", () => {
    const exact = [[1, 2, 3, 4].map((id) => ({ id, score: 0 })), [5, 6].map((id) => ({ id, score: 0 }))];
    const approx = [[1, 9, 3, 8].map((id) => ({ id, score: 0 })), [6, 5].map((id) => ({ id, score: 0 }))];
    expect(recallAtK(approx, exact, 4)).toBeCloseTo((0.5 + 1) / 2, 12);
    expect(recallAtK(approx, exact, 1)).toBeCloseTo(0.5, 12);
  });
});
