import { describe, expect, it } from "vitest";
import { exactSearch } from "@/lib/index/exact-search";
import { lowRankUnitVectors, randomUnitVectors } from "@/lib/index/random-unit-vectors";
import { recallAtK } from "@/lib/index/recall-at-k";
import { tuneSearch } from "@/lib/index/search-tuner";
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

describe("tuneSearch", () => {
  it("picks the graph's default ef at which unseen queries reach the target recall", () => {
    const vectors = randomUnitVectors(n, dim, 3);
    const { index, ids } = build(vectors);
    const fresh = randomUnitVectors(200, dim, 4);
    expect(recallOnFreshQueries(index, vectors, ids, fresh)).toBeLessThan(0.9);
    const tuning = tuneSearch(index, { target: 0.95, queries: 150, allowExact: false, allowQuantized: false });
    expect(tuning).toMatchObject({ mode: "hnsw", graphReached: true, queries: 150 });
    expect(tuning.recall).toBeGreaterThanOrEqual(0.95);
    index.setSearchDefaults({ ef: tuning.ef, mode: tuning.mode });
    expect(index.params).toMatchObject({ ef: tuning.ef, mode: "hnsw" });
    expect(recallOnFreshQueries(index, vectors, ids, fresh)).toBeGreaterThanOrEqual(0.93);
  });

  it("needs a smaller ef on data of low intrinsic dimension, like sentence embeddings", () => {
    const random = tuneSearch(build(randomUnitVectors(n, dim, 5)).index, { allowExact: false, allowQuantized: false });
    const lowRank = tuneSearch(
      build(lowRankUnitVectors(n, dim, { latentDim: 4, noise: 0.1, seed: 5, basisSeed: 6 })).index,
      { allowExact: false, allowQuantized: false },
    );
    expect(lowRank.ef).toBeLessThan(random.ef);
  });

  it("chooses the exact scan when the graph cannot reach the target, and then every query is exact", () => {
    const vectors = randomUnitVectors(n, dim, 7);
    const { index, ids } = build(vectors);
    const tuning = tuneSearch(index, { target: 0.999, maxEf: 16, allowQuantized: false });
    expect(tuning).toMatchObject({ mode: "exact", graphReached: false, recall: 1 });
    expect(tuning.graphRecall).toBeLessThan(0.999);
    expect(tuning.msPerQuery.exact).toBeGreaterThan(0);
    index.setSearchDefaults({ mode: tuning.mode });
    expect(recallOnFreshQueries(index, vectors, ids, randomUnitVectors(100, dim, 8))).toBe(1);
  });

  it("reports both timings and a recall that matches the mode it chose", () => {
    const tuning = tuneSearch(
      build(lowRankUnitVectors(n, dim, { latentDim: 4, noise: 0.1, seed: 9, basisSeed: 10 })).index,
    );
    const recallOf = {
      exact: 1,
      hnsw: tuning.graphRecall,
      int8: tuning.quantizedRecall.int8,
      binary: tuning.quantizedRecall.binary,
    };
    expect(tuning.recall).toBe(recallOf[tuning.mode]);
    expect(tuning.msPerQuery.hnsw).toBeGreaterThan(0);
    // The chosen mode is the fastest of those that reached the target.
    const reaching = (["hnsw", "int8", "binary"] as const)
      .filter((m) => recallOf[m] >= 0.95)
      .map((m) => tuning.msPerQuery[m]);
    expect(tuning.msPerQuery[tuning.mode]).toBe(Math.min(tuning.msPerQuery.exact, ...reaching));
  });

  it("weighs the int8 and binary scans too, and a quantised choice reaches the target on fresh queries", () => {
    const vectors = randomUnitVectors(n, dim, 11);
    const { index, ids } = build(vectors);
    const tuning = tuneSearch(index, { target: 0.95, maxEf: 16 });
    expect(tuning.quantizedRecall.int8).toBeGreaterThanOrEqual(0.95);
    expect(tuning.msPerQuery.int8).toBeGreaterThan(0);
    expect(tuning.candidates).toBeGreaterThanOrEqual(20);
    // Whatever won on this machine's timings, forcing int8 at its tuned candidate count holds the recall.
    index.setSearchDefaults({ mode: "int8", candidates: tuning.mode === "int8" ? tuning.candidates : 128 });
    expect(recallOnFreshQueries(index, vectors, ids, randomUnitVectors(100, dim, 12))).toBeGreaterThanOrEqual(0.93);
  });
});
