import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { initBackend } from "@/lib/model/kernels/backend";
import { bertConfig } from "@/lib/model/bert/bert-config";
import { BertEncoder } from "@/lib/model/bert/bert-encoder";
import { sentenceEmbedding } from "@/lib/model/bert/pooling";
import { randomBertWeights } from "@/lib/model/bert/random-weights";
import { applyWarmStart, corpusEmbeddingTable, idfSinkTable } from "@/lib/train/warm-start/embedding-warm-start";
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
    const sequences = Array.from({ length: 200 }, (_, i) =>
      i % 2 === 0 ? [5, 1 + (i % 4 === 0 ? 0 : 1), 6] : [7, 3 + (i % 4 === 1 ? 0 : 1), 8],
    );
    expect(ppmiMatrix(sequences, 9).rows).toBe(9);
    const { table, covered } = corpusEmbeddingTable(sequences, 9, 4, { window: 1, seed: 2 });
    const row = (r: number) => table.subarray(r * 4, r * 4 + 4);
    const cos = (a: Float32Array, b: Float32Array) =>
      a.reduce((s, x, i) => s + x * b[i], 0) / Math.hypot(...a) / Math.hypot(...b);
    expect(covered[0]).toBe(0);
    expect(cos(row(1), row(2))).toBeGreaterThan(0.9);
    expect(cos(row(1), row(3))).toBeLessThan(0.2);
  });

  it("puts the table into the embeddings and zeroes the residual branches", () => {
    const config = bertConfig({
      vocab_size: 6,
      hidden_size: 4,
      num_hidden_layers: 1,
      num_attention_heads: 2,
      intermediate_size: 8,
      max_position_embeddings: 8,
    });
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

  it("weighs rare tokens above common ones in the pooled vector, through the sink dimensions", async () => {
    // Token 5 is in every text, 6 and 7 in one each; 2 ([CLS]) and 3 ([SEP]) are special.
    const sequences = [[5, 6], [5, 7], ...Array.from({ length: 30 }, () => [5, 8])];
    const table = idfSinkTable(sequences, 10, 16, undefined, {
      sinkDims: 4,
      ignore: new Set([0, 1, 2, 3, 4]),
      seed: 3,
    });
    const norm = (r: number, from: number, to: number) =>
      Math.hypot(...table.table.subarray(r * 16 + from, r * 16 + to));
    for (const r of [2, 5, 6]) expect(norm(r, 0, 16)).toBeCloseTo(1, 5);
    expect(norm(2, 0, 12)).toBe(0); // special tokens are all sink
    expect(norm(6, 0, 12)).toBeGreaterThan(5 * norm(5, 0, 12));
    expect(() => idfSinkTable(sequences, 10, 16, undefined, { sinkDims: 16 })).toThrow(/sinkDims/);

    await initBackend("wasm");
    const config = bertConfig({
      vocab_size: 10,
      hidden_size: 16,
      num_hidden_layers: 1,
      num_attention_heads: 2,
      intermediate_size: 32,
      max_position_embeddings: 8,
    });
    const weights = applyWarmStart(config, randomBertWeights(config, 1), table, { sinkDims: 4 });
    expect(Array.from(weights.get("encoder.layer.0.output.LayerNorm.weight")!.data.subarray(11))).toEqual([
      1, 0, 0, 0, 0,
    ]);
    const encoder = new BertEncoder(config, weights);
    const ids = tf.tensor2d(
      [
        [2, 5, 6, 3],
        [2, 6, 3, 0],
        [2, 5, 3, 0],
      ],
      undefined,
      "int32",
    );
    const mask = tf.tensor2d(
      [
        [1, 1, 1, 1],
        [1, 1, 1, 0],
        [1, 1, 1, 0],
      ],
      undefined,
      "int32",
    );
    const e = sentenceEmbedding(encoder, { inputIds: ids, attentionMask: mask }).arraySync();
    tf.dispose([ids, mask]);
    encoder.dispose();
    const dot = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i], 0);
    // "common rare" is close to "rare" and far from "common"; the last LayerNorm drops the sink.
    expect(dot(e[0], e[1])).toBeGreaterThan(0.9);
    expect(dot(e[0], e[2])).toBeLessThan(0.5);
  });
});
