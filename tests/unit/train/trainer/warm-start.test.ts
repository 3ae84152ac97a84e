import { describe, expect, it } from "vitest";
import { bertConfig } from "@/lib/model/bert-config";
import { randomBertWeights } from "@/lib/model/random-weights";
import { applyWarmStart, corpusEmbeddingTable } from "@/lib/train/warm-start/embedding-warm-start";
import { ppmiMatrix } from "@/lib/train/warm-start/ppmi";
import { symmetricEigen, truncatedSvd } from "@/lib/train/warm-start/randomized-svd";
import { csrFromEntries } from "@/lib/train/warm-start/sparse-matrix";

describe("warm start from corpus statistics", () => {
  it("finds the leading singular values of a sparse matrix", () => {
    // diag(5, 3, 1, 0.5, …) in a shuffled basis is still diagonal here: singular values are the entries.
    const entries = new Map<number, number>();
    const values = [5, 3, 1, 0.5, 0.25, 0.1];
    values.forEach((v, i) => entries.set(i * 6 + ((i * 5) % 6), v));
    const svd = truncatedSvd(csrFromEntries(6, 6, entries), 3, { seed: 1 });
    expect(Array.from(svd.s).map((s) => +s.toFixed(6))).toEqual([5, 3, 1]);
    const { values: eig } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect(Array.from(eig).map((x) => +x.toFixed(9))).toEqual([3, 1]);
  });

  it("gives words that share contexts similar vectors", () => {
    // 1 and 2 both appear between 5 and 6; 3 and 4 between 7 and 8.
    const sequences = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? [5, 1 + (i % 4 === 0 ? 0 : 1), 6] : [7, 3 + (i % 4 === 1 ? 0 : 1), 8]));
    expect(ppmiMatrix(sequences, 9).rows).toBe(9);
    const { table, covered } = corpusEmbeddingTable(sequences, 9, 4, { window: 1, seed: 2 });
    const row = (r: number) => table.subarray(r * 4, r * 4 + 4);
    const cos = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0) / Math.hypot(...a) / Math.hypot(...b);
    expect(covered[0]).toBe(0);
    expect(cos(row(1), row(2))).toBeGreaterThan(0.9);
    expect(cos(row(1), row(3))).toBeLessThan(0.2);
  });

  it("puts the table into the embeddings and zeroes the residual branches", () => {
    const config = bertConfig({ vocab_size: 6, hidden_size: 4, num_hidden_layers: 1, num_attention_heads: 2, intermediate_size: 8, max_position_embeddings: 8 });
    const weights = randomBertWeights(config, 1);
    const table = new Float32Array(24).fill(0.5);
    const covered = Uint8Array.from([0, 1, 1, 0, 0, 0]);
    const out = applyWarmStart(config, weights, { table, covered });
    const words = out.get("embeddings.word_embeddings.weight")!.data;
    expect(Array.from(words.subarray(4, 12))).toEqual(new Array(8).fill(0.5));
    expect(words[0]).toBe(weights.get("embeddings.word_embeddings.weight")!.data[0]);
    expect(out.get("encoder.layer.0.output.dense.weight")!.data.every((x) => x === 0)).toBe(true);
    expect(weights.get("encoder.layer.0.output.dense.weight")!.data.some((x) => x !== 0)).toBe(true); // input untouched
  });
});
