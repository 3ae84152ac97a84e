import { beforeAll, describe, expect, it } from "vitest";
import { exactSearch } from "@/lib/index/exact-search";
import { randomUnitVectors } from "@/lib/index/random-unit-vectors";
import { recallAtK } from "@/lib/index/recall-at-k";
import { VectorIndex } from "@/lib/index/vector-index";

const dim = 64;
const n = 5000;
const queries = 200;
const vectors = randomUnitVectors(n, dim, 1);
const queryVectors = randomUnitVectors(queries, dim, 2);
// Sparse, large ids: labels are passage ids, not positions.
const ids = Array.from({ length: n }, (_, i) => 7 + i * 3);
const row = (m: Float32Array, i: number) => m.subarray(i * dim, (i + 1) * dim);

describe("VectorIndex on 5k random unit vectors of dim 64", () => {
  let index: VectorIndex;
  beforeAll(() => {
    // A small initial capacity makes add() grow the index several times.
    index = VectorIndex.create({ dim, maxElements: 100 });
    index.add(ids, vectors);
  });

  it("grows past its initial capacity and counts what it holds", () => {
    expect(index.size).toBe(n);
    expect(index.capacity).toBeGreaterThanOrEqual(n);
    expect(index.has(ids[10])).toBe(true);
    expect(index.has(8)).toBe(false);
  });

  it("reaches recall@10 ≥ 0.95 against exact search at the default ef", () => {
    const truth = Array.from({ length: queries }, (_, q) => exactSearch(vectors, ids, row(queryVectors, q), 10));
    const found = Array.from({ length: queries }, (_, q) => index.search(row(queryVectors, q), 10));
    expect(recallAtK(found, truth, 10)).toBeGreaterThanOrEqual(0.95);
    // Scores are cosine similarities, the same numbers exact search computes.
    expect(found[0][0].score).toBeCloseTo(exactSearch(vectors, ids, row(queryVectors, 0), 1)[0].score, 4);
  });

  it("finds a stored vector first with similarity 1, best first", () => {
    const hits = index.search(row(vectors, 123), 5);
    expect(hits[0]).toEqual({ id: ids[123], score: expect.closeTo(1, 5) });
    for (let i = 1; i < hits.length; i++) expect(hits[i].score).toBeLessThanOrEqual(hits[i - 1].score);
  });

  it("applies a filter and a per-query ef", () => {
    const hits = index.search(row(queryVectors, 0), 10, { ef: 200, filter: (id) => id % 2 === 0 });
    expect(hits).toHaveLength(10);
    expect(hits.every((h) => h.id % 2 === 0)).toBe(true);
  });

  it("rejects queries and inputs it cannot use, saying what to do", () => {
    expect(() => index.search(new Float32Array(dim + 1), 10)).toThrow(/embed it with the model version/);
    expect(() => index.search(new Float32Array(dim), 10)).toThrow(/all zeros/);
    expect(() => index.search(row(queryVectors, 0), 0)).toThrow(/positive integer/);
    expect(() => index.add([1, 2], new Float32Array(dim))).toThrow(/row-major \[2, 64\]/);
    expect(() => index.add([-1], new Float32Array(dim).fill(1))).toThrow(/not an integer/);
    expect(() => index.add([1.5], new Float32Array(dim).fill(1))).toThrow(/not an integer/);
    expect(() => VectorIndex.create({ dim: 0 })).toThrow(/positive integer/);
  });
});

describe("VectorIndex deletions and compaction", () => {
  const small = 600;
  const build = () => {
    const index = VectorIndex.create({ dim, maxElements: small });
    index.add(ids.slice(0, small), vectors.subarray(0, small * dim));
    return index;
  };

  it("never returns deleted ids and compaction drops them for good", () => {
    const index = build();
    const gone = ids.slice(0, 200);
    expect(index.markDeleted([...gone, ...gone, 999_999])).toBe(200);
    expect(index.size).toBe(small - 200);
    expect(index.deletedCount).toBe(200);
    expect(index.needsCompaction()).toBe(true);
    const goneSet = new Set(gone);
    for (let i = 0; i < 200; i += 20) {
      const hits = index.search(row(vectors, i), 10);
      expect(hits).toHaveLength(10);
      expect(hits.some((h) => goneSet.has(h.id))).toBe(false);
    }

    expect(index.compact()).toBe(200);
    expect(index.deletedCount).toBe(0);
    expect(index.size).toBe(small - 200);
    expect(index.needsCompaction()).toBe(false);
    expect(index.ids()).toEqual(ids.slice(200, small));
    // 400 vectors at ef 128 is effectively exhaustive, so the rebuilt graph answers exactly.
    const exact = exactSearch(
      vectors.subarray(200 * dim, small * dim),
      ids.slice(200, small),
      row(queryVectors, 3),
      10,
    );
    expect(index.search(row(queryVectors, 3), 10).map((h) => h.id)).toEqual(exact.map((h) => h.id));
  });

  it("compacts from vectors supplied by the caller and says when one is missing", () => {
    const index = build();
    index.markDeleted(ids.slice(0, 10));
    const byId = new Map(ids.slice(0, small).map((id, i) => [id, row(vectors, i)]));
    index.compact((id) => byId.get(id));
    expect(index.search(row(vectors, 50), 1)[0].id).toBe(ids[50]);
    index.markDeleted([ids[20]]);
    expect(() => index.compact((id) => (id === ids[30] ? undefined : byId.get(id)))).toThrow(/re-embed the corpus/);
    // A failed compaction leaves the index as it was.
    expect(index.size).toBe(small - 11);
    expect(index.deletedCount).toBe(1);
  });

  it("makes a deleted id searchable again when it is re-added", () => {
    const index = build();
    index.markDeleted([ids[5]]);
    index.add([ids[5]], row(vectors, 5));
    expect(index.deletedCount).toBe(0);
    expect(index.search(row(vectors, 5), 1)[0].id).toBe(ids[5]);
  });

  it("returns no more results than it has searchable vectors", () => {
    const index = VectorIndex.create({ dim });
    expect(index.search(row(queryVectors, 0), 10)).toEqual([]);
    index.add(ids.slice(0, 3), vectors.subarray(0, 3 * dim));
    index.markDeleted([ids[0]]);
    expect(
      index
        .search(row(queryVectors, 0), 10)
        .map((h) => h.id)
        .sort((a, b) => a - b),
    ).toEqual([ids[1], ids[2]]);
  });
});

describe("cosine and inner-product spaces", () => {
  it("rank identically on normalised vectors (the cosine space only re-normalises)", () => {
    const m = 1500;
    const cosine = VectorIndex.create({ dim, space: "cosine" });
    const ip = VectorIndex.create({ dim, space: "ip" });
    // Un-normalised input: the index normalises before hnswlib sees it, in both spaces.
    const scaled = vectors.subarray(0, m * dim).map((v, i) => v * (1 + (Math.floor(i / dim) % 5)));
    cosine.add(ids.slice(0, m), scaled);
    ip.add(ids.slice(0, m), scaled);
    for (let q = 0; q < 20; q++) {
      const a = cosine.search(row(queryVectors, q), 10);
      const b = ip.search(row(queryVectors, q), 10);
      expect(a.map((h) => h.id)).toEqual(b.map((h) => h.id));
      a.forEach((h, i) => expect(h.score).toBeCloseTo(b[i].score, 5));
    }
  });
});

describe("exact mode", () => {
  const m = 800;
  const exactIds = (q: Float32Array, rows: number[], k = 10) =>
    exactSearch(
      Float32Array.from(rows.flatMap((i) => [...row(vectors, i)])),
      rows.map((i) => ids[i]),
      q,
      k,
    ).map((h) => h.id);

  it("answers exactly, with filters, and follows additions and deletions made after a search", () => {
    // A graph too sparse to be exact on random data, so only the exact scan can match.
    const index = VectorIndex.create({ dim, M: 4, efConstruction: 10, ef: 10 });
    const first = Array.from({ length: m }, (_, i) => i);
    index.add(
      first.map((i) => ids[i]),
      vectors.subarray(0, m * dim),
    );
    index.setSearchDefaults({ mode: "exact" });
    expect(index.params).toMatchObject({ mode: "exact", ef: 10 });
    for (let q = 0; q < 20; q++)
      expect(index.search(row(queryVectors, q), 10).map((h) => h.id)).toEqual(exactIds(row(queryVectors, q), first));
    const filtered = index.search(row(queryVectors, 0), 10, { filter: (id) => id % 2 === 0 });
    expect(filtered.map((h) => h.id)).toEqual(
      exactIds(
        row(queryVectors, 0),
        first.filter((i) => ids[i] % 2 === 0),
      ),
    );
    // The graph is still there for a per-query override, and it is not exact here.
    const graphRecall = recallAtK(
      Array.from({ length: 50 }, (_, q) => index.search(row(queryVectors, q), 10, { exact: false })),
      Array.from({ length: 50 }, (_, q) => index.search(row(queryVectors, q), 10)),
      10,
    );
    expect(graphRecall).toBeLessThan(1);

    index.add([ids[m]], row(vectors, m));
    index.markDeleted([ids[0], ids[1]]);
    const now = [...first.slice(2), m];
    expect(index.search(row(vectors, m), 1)[0].id).toBe(ids[m]);
    expect(index.search(row(vectors, 0), 10).map((h) => h.id)).toEqual(exactIds(row(vectors, 0), now));
    index.compact();
    expect(index.search(row(queryVectors, 7), 10).map((h) => h.id)).toEqual(exactIds(row(queryVectors, 7), now));
  });
});
