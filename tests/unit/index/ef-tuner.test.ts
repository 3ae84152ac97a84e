import { describe, expect, it } from "vitest";
import { tuneEf } from "@/lib/index/ef-tuner";
import { exactSearch } from "@/lib/index/exact-search";
import { lowRankUnitVectors, randomUnitVectors } from "@/lib/index/random-unit-vectors";
import { recallAtK } from "@/lib/index/recall-at-k";
import { VectorIndex } from "@/lib/index/vector-index";

const dim = 48;
const n = 4000;

function build(vectors: Float32Array): { index: VectorIndex; ids: number[] } {
  const ids = Array.from({ length: n }, (_, i) => i + 1);
  // A small graph makes random data hard enough that the default ef falls short.
  const index = VectorIndex.create({ dim, maxElements: n, M: 6, efConstruction: 40, ef: 10 });
  index.add(ids, vectors);
  return { index, ids };
}

function recallOnFreshQueries(index: VectorIndex, vectors: Float32Array, ids: number[], queries: Float32Array): number {
  const rows = Array.from({ length: queries.length / dim }, (_, q) => queries.subarray(q * dim, (q + 1) * dim));
  return recallAtK(
    rows.map((q) => index.search(q, 10)),
    rows.map((q) => exactSearch(vectors, ids, q, 10)),
    10,
  );
}

describe("tuneEf", () => {
  it("picks the default ef at which unseen queries reach the target recall", () => {
    const vectors = randomUnitVectors(n, dim, 3);
    const { index, ids } = build(vectors);
    const fresh = randomUnitVectors(200, dim, 4);
    expect(recallOnFreshQueries(index, vectors, ids, fresh)).toBeLessThan(0.9);
    const tuning = tuneEf(index, { target: 0.95, queries: 150 });
    expect(tuning).toMatchObject({ reached: true, queries: 150 });
    expect(tuning.recall).toBeGreaterThanOrEqual(0.95);
    index.setDefaultEf(tuning.ef);
    expect(index.params.ef).toBe(tuning.ef);
    expect(recallOnFreshQueries(index, vectors, ids, fresh)).toBeGreaterThanOrEqual(0.93);
  });

  it("needs a smaller ef on data of low intrinsic dimension, like sentence embeddings", () => {
    const random = tuneEf(build(randomUnitVectors(n, dim, 5)).index);
    const lowRank = tuneEf(build(lowRankUnitVectors(n, dim, { latentDim: 4, noise: 0.1, seed: 5, basisSeed: 6 })).index);
    expect(lowRank.ef).toBeLessThan(random.ef);
  });

  it("stops at maxEf and says so when the target is out of reach", () => {
    const tuning = tuneEf(build(randomUnitVectors(n, dim, 7)).index, { target: 1.01, maxEf: 64 });
    expect(tuning).toMatchObject({ ef: 64, reached: false });
  });
});
