import { describe, expect, it } from "vitest";
import { fitSpectrumDecay, structuredUnitVectors } from "@/lib/index/structured-unit-vectors";

describe("structuredUnitVectors", () => {
  it("gives seeded unit rows whose fitted spectrum decay follows the one asked for", () => {
    const dim = 64;
    const a = structuredUnitVectors(2000, dim, { seed: 1, decay: 1 });
    expect(structuredUnitVectors(2000, dim, { seed: 1, decay: 1 })).toEqual(a);
    for (let i = 0; i < 2000; i += 397) {
      let norm = 0;
      for (let j = 0; j < dim; j++) norm += a[i * dim + j] ** 2;
      expect(norm).toBeCloseTo(1, 5);
    }
    const steep = fitSpectrumDecay(a, dim);
    const flat = fitSpectrumDecay(structuredUnitVectors(2000, dim, { seed: 1, decay: 0.3 }), dim);
    expect(steep).toBeGreaterThan(0.7);
    expect(flat).toBeLessThan(0.5);
  });

  it("gathers points around shared centres: neighbours are much closer than random pairs", () => {
    const dim = 32;
    const v = structuredUnitVectors(500, dim, { seed: 3, clusters: 5, spread: 0.2 });
    const dot = (i: number, j: number) =>
      v.subarray(i * dim, (i + 1) * dim).reduce((s, x, d) => s + x * v[j * dim + d], 0);
    const best = Math.max(...Array.from({ length: 499 }, (_, j) => dot(0, j + 1)));
    expect(best).toBeGreaterThan(0.8);
  });
});
