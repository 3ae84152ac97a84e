import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "@/lib/model/kernels/backend";
import { BertEncoder, type EncoderInputs } from "@/lib/model/bert/bert-encoder";
import { columnSums, denseMatMul } from "@/lib/model/kernels/fast-matmul";
import { layerNormRows } from "@/lib/model/bert/layer-norm";
import { gatherRows } from "@/lib/model/bert/row-gather";
import { sentenceEmbedding } from "@/lib/model/bert/pooling";
import { exampleBatch, maxAbsDiff, testWeights, tinyConfig } from "@/tests/unit/model/bert/encoder-fixtures";

const config = tinyConfig(32, 2, 4);
let encoder: BertEncoder;
let inputs: EncoderInputs;

beforeAll(async () => {
  await initBackend("wasm");
  encoder = new BertEncoder(config, testWeights(config, 11));
  const b = exampleBatch([6, 4, 8, 3], config.vocab_size, 5);
  inputs = {
    inputIds: tf.tensor2d(b.ids, undefined, "int32"),
    attentionMask: tf.tensor2d(b.mask, undefined, "int32"),
    tokenTypeIds: tf.tensor2d(b.types, undefined, "int32"),
  };
});

afterAll(() => {
  encoder.dispose();
  tf.dispose([inputs.inputIds, inputs.attentionMask, inputs.tokenTypeIds!]);
});

/** A contrastive loss over the batch (rows 0,1 and 2,3 are pairs), as the trainer will use. */
function loss(): tf.Scalar {
  return tf.tidy(() => {
    const e = sentenceEmbedding(encoder, inputs, { training: true });
    const sims = tf.mul(tf.matMul(e, e, false, true), 20);
    const labels = tf.oneHot(tf.tensor1d([1, 0, 3, 2], "int32"), 4);
    const masked = tf.sub(sims, tf.mul(tf.eye(4), 1e4)); // no self-similarity
    return tf.losses.softmaxCrossEntropy(labels, masked) as tf.Scalar;
  });
}

describe("BertEncoder training", () => {
  it("gives finite, non-zero gradients for every variable, embeddings included", () => {
    const vars = [...encoder.variables.values()];
    const { value, grads } = tf.variableGrads(loss, vars);
    expect(Number.isFinite(value.dataSync()[0])).toBe(true);
    for (const [name, variable] of encoder.variables) {
      const g = grads[variable.name];
      expect(g, name).toBeDefined();
      const data = g.dataSync();
      expect(data.every(Number.isFinite), name).toBe(true);
      expect(
        data.some((v) => v !== 0),
        name,
      ).toBe(true);
    }
    tf.dispose([value, ...Object.values(grads)]);
  });

  it("keeps the tensor count flat across forward passes and optimizer steps", () => {
    for (let i = 0; i < 2; i++) tf.dispose(sentenceEmbedding(encoder, inputs));
    const afterForward = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) tf.dispose(sentenceEmbedding(encoder, inputs));
    expect(tf.memory().numTensors).toBe(afterForward);

    const optimizer = tf.train.adam(1e-3);
    const vars = [...encoder.variables.values()];
    const step = () => tf.dispose(optimizer.minimize(loss, true, vars) ?? []);
    step(); // creates Adam's moment variables
    const afterFirstStep = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(afterFirstStep);
    optimizer.dispose();
  });

  it("computes the dense-layer gradient of tf.matMul, through explicit transposes", () => {
    const x = tf.randomNormal([5, 3], 0, 1, "float32", 1) as tf.Tensor2D;
    const w = tf.randomNormal([3, 4], 0, 1, "float32", 2) as tf.Tensor2D;
    const b = tf.randomNormal([4], 0, 1, "float32", 3) as tf.Tensor1D;
    const target = tf.randomNormal([5, 4], 0, 1, "float32", 4);
    const f = (y: tf.Tensor) => tf.sum(tf.square(tf.sub(y, target)));
    const ours = tf.grads((x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) =>
      f(denseMatMul(x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D)),
    )([x, w, b]);
    const theirs = tf.grads((x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => f(tf.add(tf.matMul(x, w), b)))([x, w, b]);
    for (let i = 0; i < 3; i++) expect(maxAbsDiff(ours[i].dataSync(), theirs[i].dataSync())).toBeLessThan(1e-4);
    tf.dispose([x, w, b, target, ...ours, ...theirs]);
  });

  it("gathers embedding rows with tf.gather's gradient (repeated ids add up)", () => {
    const table = tf.randomNormal([7, 3], 0, 1, "float32", 5) as tf.Tensor2D;
    const ids = tf.tensor1d([4, 0, 4, 6, 4], "int32");
    const weights = tf.randomNormal([5, 3], 0, 1, "float32", 6);
    const f = (rows: tf.Tensor) => tf.sum(tf.mul(tf.square(rows), weights));
    const [ours] = tf.grads((t: tf.Tensor) => f(gatherRows(t as tf.Tensor2D, ids)))([table]);
    const [theirs] = tf.grads((t: tf.Tensor) => f(tf.gather(t, ids)))([table]);
    expect(tf.tidy(() => maxAbsDiff(gatherRows(table, ids).dataSync(), tf.gather(table, ids).dataSync()))).toBe(0);
    expect(maxAbsDiff(ours.dataSync(), theirs.dataSync())).toBeLessThan(1e-6);
    tf.dispose([table, ids, weights, ours, theirs]);
  });

  it("sums columns as tf.sum over axis 0 does", () => {
    const x = tf.randomNormal([9, 5], 0, 1, "float32", 7) as tf.Tensor2D;
    expect(tf.tidy(() => maxAbsDiff(columnSums(x).dataSync(), tf.sum(x, 0).dataSync()))).toBeLessThan(1e-5);
    x.dispose();
  });

  it("gives LayerNorm the gradient TF.js derives from its formula", () => {
    const x = tf.mul(tf.randomNormal([6, 8], 0, 1, "float32", 8), 3) as tf.Tensor2D;
    const gamma = tf.randomNormal([8], 1, 0.2, "float32", 9) as tf.Tensor1D;
    const beta = tf.randomNormal([8], 0, 0.2, "float32", 10) as tf.Tensor1D;
    const weights = tf.randomNormal([6, 8], 0, 1, "float32", 11);
    const formula = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const { mean, variance } = tf.moments(x, -1, true);
      return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-12))), g), b);
    };
    const f = (y: tf.Tensor) => tf.sum(tf.mul(tf.sin(y), weights));
    const ours = tf.grads((x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
      f(layerNormRows(x as tf.Tensor2D, g as tf.Tensor1D, b as tf.Tensor1D, 1e-12)),
    )([x, gamma, beta]);
    const theirs = tf.grads((x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => f(formula(x, g, b)))([x, gamma, beta]);
    expect(
      tf.tidy(() => maxAbsDiff(layerNormRows(x, gamma, beta, 1e-12).dataSync(), formula(x, gamma, beta).dataSync())),
    ).toBeLessThan(1e-5);
    for (let i = 0; i < 3; i++) expect(maxAbsDiff(ours[i].dataSync(), theirs[i].dataSync())).toBeLessThan(1e-4);
    tf.dispose([x, gamma, beta, weights, ...ours, ...theirs]);
  });
});
