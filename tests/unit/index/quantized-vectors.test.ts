import { describe, expect, it } from "vitest";
import { exactSearch } from "@/lib/index/exact-search";
import { QuantizedVectors, topIndices } from "@/lib/index/quantized-vectors";
import { randomUnitVectors } from "@/lib/index/random-unit-vectors";
import { recallAtK } from "@/lib/index/recall-at-k";
import { structuredUnitVectors } from "@/lib/index/structured-unit-vectors";
import { VectorIndex } from "@/lib/index/vector-index";
import { scanKernel, scanKernelBytes, scanMemory } from "@/lib/index/wasm-scan-kernel";

describe("scan kernels (WebAssembly SIMD)", () => {
  it("is a valid module whose int8 dot products and Hamming distances equal plain loops", () => {
    expect(WebAssembly.validate(scanKernelBytes())).toBe(true);
    const rows = 37;
    const bytes = 48;
    const memory = scanMemory(rows * bytes + bytes + rows * 4);
    const kernel = scanKernel(memory);
    const codes = new Int8Array(memory.buffer, 0, rows * bytes + bytes);
    for (let i = 0; i < codes.length; i++) codes[i] = (((i * 2654435761) >>> 0) % 256) - 128;
    const out = new Int32Array(memory.buffer, rows * bytes + bytes, rows);
    const queryAt = rows * bytes;
    kernel.scanInt8(0, rows, bytes, queryAt, rows * bytes + bytes);
    for (let r = 0; r < rows; r++) {
      let dot = 0;
      for (let j = 0; j < bytes; j++) dot += codes[r * bytes + j] * codes[queryAt + j];
      expect(out[r]).toBe(dot);
    }
    kernel.scanBits(0, rows, bytes, queryAt, rows * bytes + bytes);
    const u = new Uint8Array(memory.buffer);
    for (let r = 0; r < rows; r++) {
      let distance = 0;
      for (let j = 0; j < bytes; j++) for (let x = u[r * bytes + j] ^ u[queryAt + j]; x; x >>= 1) distance += x & 1;
      expect(out[r]).toBe(distance);
    }
  });
});

describe("topIndices", () => {
  it("returns the largest scores best first, or the smallest with sign −1, skipping rejected rows", () => {
    const scores = Int32Array.from([5, -3, 9, 9, 0, 7, 1]);
    expect(topIndices(scores, 3, 1).map((i) => scores[i])).toEqual([9, 9, 7]);
    expect(topIndices(scores, 2, -1)).toEqual([1, 4]);
    expect(topIndices(scores, 3, 1, (i) => i !== 2 && i !== 3)).toEqual([5, 0, 6]);
    expect(topIndices(scores, 50, 1)).toHaveLength(7);
  });
});

describe("quantised search in VectorIndex", () => {
  const dim = 64;
  const n = 3000;
  const vectors = structuredUnitVectors(n, dim, { seed: 1, clusters: 30 });
  const queries = structuredUnitVectors(100, dim, { seed: 2, clusters: 30 });
  const ids = Array.from({ length: n }, (_, i) => i + 1);
  const index = VectorIndex.create({ dim, maxElements: n });
  index.add(ids, vectors);
  const rows = Array.from({ length: 100 }, (_, q) => queries.subarray(q * dim, (q + 1) * dim));
  const truth = rows.map((q) => exactSearch(vectors, ids, q, 10));

  it("int8 with a small candidate list reaches recall@10 ≥ 0.95, and its scores are the exact cosines", () => {
    const found = rows.map((q) => index.search(q, 10, { mode: "int8", candidates: 40 }));
    expect(recallAtK(found, truth, 10)).toBeGreaterThanOrEqual(0.95);
    found[0].forEach((hit) => {
      const exact = truth[0].find((t) => t.id === hit.id);
      if (exact) expect(hit.score).toBeCloseTo(exact.score, 5);
    });
  });

  it("binary reaches the target with a longer candidate list", () => {
    const found = rows.map((q) => index.search(q, 10, { mode: "binary", candidates: 400 }));
    expect(recallAtK(found, truth, 10)).toBeGreaterThanOrEqual(0.95);
  });

  it("keeps about a quarter of the float copy's memory (int8: dim bytes + 16 per vector for scores and labels), or a tenth (binary)", () => {
    const int8 = QuantizedVectors.encode("int8", dim, ids, (id) => vectors.subarray((id - 1) * dim, id * dim));
    const binary = QuantizedVectors.encode("binary", dim, ids, (id) => vectors.subarray((id - 1) * dim, id * dim));
    const floats = n * dim * 4;
    expect(int8.bytes / floats).toBeGreaterThan(0.24);
    expect(int8.bytes).toBeLessThan(n * (dim + 16) + 65536);
    expect(binary.bytes).toBeLessThan(n * (Math.ceil(dim / 128) * 16 + 16) + 65536);
  });

  it("applies a filter during the scan and sees vectors added or deleted since the codes were made", () => {
    const small = VectorIndex.create({ dim, maxElements: 500, mode: "int8" });
    small.add(ids.slice(0, 500), vectors.subarray(0, 500 * dim));
    const q = rows[3];
    const even = small.search(q, 10, { filter: (id) => id % 2 === 0 });
    expect(even).toHaveLength(10);
    expect(even.every((h) => h.id % 2 === 0)).toBe(true);
    const fresh = randomUnitVectors(1, dim, 77);
    small.add([9999], fresh);
    expect(small.search(fresh, 1)[0].id).toBe(9999);
    small.markDeleted([9999]);
    expect(small.search(fresh, 1)[0].id).not.toBe(9999);
  });
});
