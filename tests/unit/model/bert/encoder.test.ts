import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "@/lib/model/kernels/backend";
import { BertEncoder, type EncoderInputs } from "@/lib/model/bert/bert-encoder";
import { sentenceEmbedding } from "@/lib/model/bert/pooling";
import {
  exampleBatch,
  maxAbsDiff,
  testWeights,
  tinyConfig,
  type Batch,
} from "@/tests/unit/model/bert/encoder-fixtures";
import { referenceForward, referencePool } from "@/tests/unit/model/bert/encoder-reference";

function toInputs(b: Batch, withTypes = true): EncoderInputs {
  return {
    inputIds: tf.tensor2d(b.ids, undefined, "int32"),
    attentionMask: tf.tensor2d(b.mask, undefined, "int32"),
    tokenTypeIds: withTypes ? tf.tensor2d(b.types, undefined, "int32") : undefined,
  };
}

const config = tinyConfig(16, 2, 2);
const weights = testWeights(config);
const batch = exampleBatch([5, 3, 7], config.vocab_size);
let encoder: BertEncoder;
let inputs: EncoderInputs;

beforeAll(async () => {
  await initBackend("wasm");
  encoder = new BertEncoder(config, weights);
  inputs = toInputs(batch);
});

afterAll(() => {
  encoder.dispose();
  tf.dispose([inputs.inputIds, inputs.attentionMask, inputs.tokenTypeIds!]);
});

describe("BertEncoder forward", () => {
  it("matches a float64 reference BERT on token vectors and pooled embeddings", () => {
    const hidden = encoder.forward(inputs);
    const pooled = sentenceEmbedding(encoder, inputs, { normalize: true });
    const [B, S, H] = hidden.shape;
    const got = hidden.arraySync();
    const gotPooled = pooled.arraySync();
    tf.dispose([hidden, pooled]);
    for (let b = 0; b < B; b++) {
      const ref = referenceForward(config, weights, batch.ids[b], batch.mask[b], batch.types[b]);
      for (let s = 0; s < S; s++) {
        // Padding positions are computed too (they attend to the real tokens); compare them all.
        expect(maxAbsDiff(got[b][s], ref[s])).toBeLessThan(1e-4);
      }
      expect(maxAbsDiff(gotPooled[b], referencePool(ref, batch.mask[b], true))).toBeLessThan(1e-5);
    }
    expect(H).toBe(config.hidden_size);
  });

  it("treats missing token types as all zeros", () => {
    const zeros: Batch = { ...batch, types: batch.types.map((r) => r.map(() => 0)) };
    const a = toInputs(zeros);
    const b = toInputs(batch, false);
    const ha = encoder.forward(a);
    const hb = encoder.forward(b);
    expect(maxAbsDiff(ha.dataSync(), hb.dataSync())).toBe(0);
    tf.dispose([ha, hb, a.inputIds, a.attentionMask, a.tokenTypeIds!, b.inputIds, b.attentionMask]);
  });

  it("ignores what the padding holds", () => {
    const other: Batch = { ...batch, ids: batch.ids.map((r, i) => r.map((id, j) => (batch.mask[i][j] ? id : 5))) };
    const a = toInputs(other);
    const ea = sentenceEmbedding(encoder, a);
    const eb = sentenceEmbedding(encoder, inputs);
    expect(maxAbsDiff(ea.dataSync(), eb.dataSync())).toBeLessThan(1e-6);
    tf.dispose([ea, eb, a.inputIds, a.attentionMask, a.tokenTypeIds!]);
  });

  it("is deterministic in inference and stochastic in training (dropout)", () => {
    const run = (training: boolean) => {
      const e = sentenceEmbedding(encoder, inputs, { training });
      const data = e.dataSync().slice();
      e.dispose();
      return data;
    };
    expect(maxAbsDiff(run(false), run(false))).toBe(0);
    const t1 = run(true);
    const t2 = run(true);
    expect(maxAbsDiff(t1, t2)).toBeGreaterThan(1e-3);
    expect(maxAbsDiff(t1, run(false))).toBeGreaterThan(1e-3);
  });

  it("rejects sequences longer than the position table", () => {
    const long = tf.zeros([1, config.max_position_embeddings + 1], "int32") as tf.Tensor2D;
    expect(() => encoder.forward({ inputIds: long, attentionMask: long })).toThrow(/max_position_embeddings/);
    long.dispose();
  });
});

describe("BertEncoder weights", () => {
  it("names its variables by Hugging Face names and round-trips the weights exactly", () => {
    expect([...encoder.variables.keys()].sort()).toEqual([...weights.keys()].sort());
    const kernel = encoder.variables.get("encoder.layer.0.intermediate.dense.weight")!;
    expect(kernel.shape).toEqual([config.hidden_size, config.intermediate_size]); // [in, out]
    const back = encoder.toWeights();
    for (const [name, t] of weights) {
      expect(back.get(name)!.shape, name).toEqual(t.shape);
      expect(maxAbsDiff(back.get(name)!.data, t.data), name).toBe(0);
    }
  });

  it("loads bert.-prefixed checkpoints and ignores the pooler", () => {
    const prefixed = new Map([...weights].map(([k, v]) => [`bert.${k}`, v]));
    prefixed.set("pooler.dense.weight", { shape: [16, 16], data: new Float32Array(256) });
    const other = new BertEncoder(config, prefixed);
    const a = other.forward(inputs);
    const b = encoder.forward(inputs);
    expect(maxAbsDiff(a.dataSync(), b.dataSync())).toBe(0);
    expect(other.variables.has("pooler.dense.weight")).toBe(false);
    tf.dispose([a, b]);
    other.dispose();
  });

  it("names a missing or misshapen tensor", () => {
    const missing = new Map(weights);
    missing.delete("encoder.layer.1.output.dense.bias");
    expect(() => new BertEncoder(config, missing)).toThrow(/encoder\.layer\.1\.output\.dense\.bias/);
    const wrong = new Map(weights);
    wrong.set("embeddings.LayerNorm.weight", { shape: [3], data: new Float32Array(3) });
    expect(() => new BertEncoder(config, wrong)).toThrow(/embeddings\.LayerNorm\.weight has shape \[3\]/);
  });
});
