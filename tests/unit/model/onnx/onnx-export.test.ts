import * as tf from "@tensorflow/tfjs";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as ort from "onnxruntime-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "@/lib/model/kernels/backend";
import type { BertConfig } from "@/lib/model/bert/bert-config";
import { BertEncoder } from "@/lib/model/bert/bert-encoder";
import { buildOnnxModel, exportOnnx } from "@/lib/model/onnx/onnx-export";
import { modelProtoType } from "@/lib/model/onnx/onnx-proto";
import { sentenceEmbedding } from "@/lib/model/bert/pooling";
import type { Weights } from "@/lib/model/store/safetensors";
import { writeTinyModel } from "@/tests/fixtures/tiny-model";
import {
  exampleBatch,
  maxAbsDiff,
  testWeights,
  tinyConfig,
  type Batch,
} from "@/tests/unit/model/bert/encoder-fixtures";

function feeds(b: Batch): Record<string, ort.Tensor> {
  const dims = [b.ids.length, b.ids[0].length];
  const int64 = (rows: number[][]) => new ort.Tensor("int64", BigInt64Array.from(rows.flat().map(BigInt)), dims);
  return { input_ids: int64(b.ids), attention_mask: int64(b.mask), token_type_ids: int64(b.types) };
}

async function runOnnx(bytes: Uint8Array, b: Batch) {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  const out = await session.run(feeds(b));
  await session.release();
  return { hidden: out.last_hidden_state, embedding: out.sentence_embedding };
}

function runTf(config: BertConfig, weights: Weights, b: Batch, normalize: boolean) {
  const encoder = new BertEncoder(config, weights);
  const result = tf.tidy(() => {
    const inputs = {
      inputIds: tf.tensor2d(b.ids, undefined, "int32"),
      attentionMask: tf.tensor2d(b.mask, undefined, "int32"),
      tokenTypeIds: tf.tensor2d(b.types, undefined, "int32"),
    };
    return {
      hidden: encoder.forward(inputs).dataSync(),
      embedding: sentenceEmbedding(encoder, inputs, { normalize }).dataSync(),
    };
  });
  encoder.dispose();
  return result;
}

let tmp: string;
beforeAll(async () => {
  await initBackend("wasm");
  tmp = mkdtempSync(path.join(tmpdir(), "cognate-onnx-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("ONNX export parity with TensorFlow.js", () => {
  const cases = [
    { hidden: 32, layers: 1, heads: 2, lengths: [4, 9, 1], normalize: true },
    { hidden: 32, layers: 2, heads: 4, lengths: [7, 3, 7, 5], normalize: false },
    { hidden: 64, layers: 3, heads: 4, lengths: [12, 2, 6], normalize: true },
  ];
  for (const c of cases) {
    it(`agrees within 1e-4 for hidden ${c.hidden}, ${c.layers} layer(s), ${c.heads} heads, lengths ${c.lengths}`, async () => {
      const config = tinyConfig(c.hidden, c.layers, c.heads);
      const weights = testWeights(config, c.hidden + c.layers);
      const batch = exampleBatch(c.lengths, config.vocab_size, c.layers);
      const onnx = await runOnnx(buildOnnxModel(config, weights, { normalize: c.normalize }), batch);
      const ours = runTf(config, weights, batch, c.normalize);
      expect(onnx.hidden.dims).toEqual([c.lengths.length, Math.max(...c.lengths), c.hidden]);
      expect(onnx.embedding.dims).toEqual([c.lengths.length, c.hidden]);
      expect(maxAbsDiff(onnx.hidden.data as Float32Array, ours.hidden)).toBeLessThan(1e-4);
      expect(maxAbsDiff(onnx.embedding.data as Float32Array, ours.embedding)).toBeLessThan(1e-4);
    });
  }

  it("pools by [CLS] or by max when asked", async () => {
    const config = tinyConfig(32, 1, 2);
    const weights = testWeights(config, 4);
    const batch = exampleBatch([5, 2], config.vocab_size);
    const [S, H] = [5, 32];
    const cls = await runOnnx(buildOnnxModel(config, weights, { normalize: false, pooling: "cls" }), batch);
    const max = await runOnnx(buildOnnxModel(config, weights, { normalize: false, pooling: "max" }), batch);
    const hidden = cls.hidden.data as Float32Array;
    for (let b = 0; b < 2; b++) {
      const token = (s: number) => Array.from(hidden.subarray((b * S + s) * H, (b * S + s + 1) * H));
      expect(maxAbsDiff(Array.from((cls.embedding.data as Float32Array).subarray(b * H, (b + 1) * H)), token(0))).toBe(
        0,
      );
      const real = batch.mask[b].map((m, s) => (m ? token(s) : null)).filter((t): t is number[] => t !== null);
      const expected = real[0].map((_, h) => Math.max(...real.map((t) => t[h])));
      expect(maxAbsDiff(Array.from((max.embedding.data as Float32Array).subarray(b * H, (b + 1) * H)), expected)).toBe(
        0,
      );
    }
  });
});

describe("ONNX model file", () => {
  it("declares opset 17, int64 [batch, sequence] inputs and the two outputs", () => {
    const config = tinyConfig(32, 1, 2);
    const model = modelProtoType().toObject(
      modelProtoType().decode(buildOnnxModel(config, testWeights(config), { normalize: true })),
      { longs: Number },
    );
    expect(model.opset_import).toEqual([{ version: 17 }]);
    const inputs = model.graph.input.map(
      (i: { name: string; type: { tensor_type: { elem_type: number; shape: { dim: { dim_param?: string }[] } } } }) => [
        i.name,
        i.type.tensor_type.elem_type,
        i.type.tensor_type.shape.dim.map((d) => d.dim_param),
      ],
    );
    expect(inputs).toEqual([
      ["input_ids", 7, ["batch", "sequence"]],
      ["attention_mask", 7, ["batch", "sequence"]],
      ["token_type_ids", 7, ["batch", "sequence"]],
    ]);
    expect(model.graph.output.map((o: { name: string }) => o.name)).toEqual([
      "last_hidden_state",
      "sentence_embedding",
    ]);
    const initializers = model.graph.initializer.map((t: { name: string }) => t.name);
    expect(initializers).toContain("encoder.layer.0.attention.self.query.weight");
  });
});

describe("exportOnnx", () => {
  it("writes onnx/model.onnx atomically, normalising as the folder's modules say", async () => {
    const { dir, config, weights } = writeTinyModel(path.join(tmp, "plain"), {
      hidden: 32,
      layers: 2,
      heads: 4,
      normalize: true,
    });
    const file = await exportOnnx(dir);
    expect(file).toBe(path.join(dir, "onnx", "model.onnx"));
    expect(readdirSync(path.join(dir, "onnx"))).toEqual(["model.onnx"]);
    const batch = exampleBatch([6, 3], config.vocab_size);
    const onnx = await runOnnx(readFileSync(file), batch);
    const ours = runTf(config, weights, batch, true);
    expect(maxAbsDiff(onnx.embedding.data as Float32Array, ours.embedding)).toBeLessThan(1e-4);

    await exportOnnx(dir, { normalize: false }); // replaces the file
    const raw = await runOnnx(readFileSync(file), batch);
    expect(maxAbsDiff(raw.embedding.data as Float32Array, runTf(config, weights, batch, false).embedding)).toBeLessThan(
      1e-4,
    );
  });

  it("reads bert.-prefixed checkpoints", async () => {
    const { dir } = writeTinyModel(path.join(tmp, "prefixed"), { hidden: 32, layers: 1, heads: 2, prefixBert: true });
    expect(existsSync(await exportOnnx(dir))).toBe(true);
  });

  it("says what is wrong with a folder that is not a model", async () => {
    await expect(exportOnnx(path.join(tmp, "nothing-here"))).rejects.toThrow(/does not exist/);
  });
});
