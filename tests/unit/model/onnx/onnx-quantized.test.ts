import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as ort from "onnxruntime-node";
import { afterAll, describe, expect, it } from "vitest";
import { bertConfig } from "@/lib/model/bert/bert-config";
import { embeddingAgreement } from "@/lib/model/embed/embedding-agreement";
import { quantizeColumns, WEIGHT_LEVELS } from "@/lib/model/onnx/int8-weights";
import { saveModelFolder } from "@/lib/model/store/model-folder";
import { OnnxEmbedder } from "@/lib/model/embed/onnx-embedder";
import { buildOnnxModel, exportOnnx, onnxGraphPath } from "@/lib/model/onnx/onnx-export";
import { modelProtoType } from "@/lib/model/onnx/onnx-proto";
import { tinyVocab, writeTinyModel } from "@/tests/fixtures/tiny-model";
import { exampleBatch, testWeights, tinyConfig, type Batch } from "@/tests/unit/model/bert/encoder-fixtures";

const root = mkdtempSync(path.join(tmpdir(), "cognate-int8-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function sentenceEmbeddings(bytes: Uint8Array, b: Batch): Promise<Float32Array> {
  const dims = [b.ids.length, b.ids[0].length];
  const int64 = (rows: number[][]) => new ort.Tensor("int64", BigInt64Array.from(rows.flat().map(BigInt)), dims);
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  const out = await session.run({
    input_ids: int64(b.ids),
    attention_mask: int64(b.mask),
    token_type_ids: int64(b.types),
  });
  await session.release();
  return out.sentence_embedding.data as Float32Array;
}

const TEXTS = [
  "A man is playing a guitar.",
  "Two dogs run in the park.",
  "the news report said the market fell",
  "a woman is cutting an onion",
  "Yes.",
];

describe("quantizeColumns", () => {
  it("keeps every weight within half a step of its column's scale, symmetrically", () => {
    const [rows, cols] = [5, 3];
    const data = Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(i * 1.7) * (1 + (i % cols)));
    data.fill(0, 0, 0);
    const { values, scales } = quantizeColumns(data, rows, cols);
    for (let c = 0; c < cols; c++) {
      const column = Array.from({ length: rows }, (_, r) => data[r * cols + c]);
      expect(scales[c]).toBeCloseTo(Math.max(...column.map(Math.abs)) / WEIGHT_LEVELS, 7);
    }
    for (let i = 0; i < data.length; i++) {
      expect(Math.abs(values[i])).toBeLessThanOrEqual(WEIGHT_LEVELS);
      expect(Math.abs(values[i] * scales[i % cols] - data[i])).toBeLessThanOrEqual(scales[i % cols] / 2 + 1e-7);
    }
  });

  it("gives an all-zero column scale 1 and values 0 rather than dividing by zero", () => {
    const { values, scales } = quantizeColumns(Float32Array.from([0, 2, 0, -6]), 2, 2);
    expect(scales[0]).toBe(1);
    expect(scales[1]).toBeCloseTo(6 / 63, 7);
    expect(Array.from(values)).toEqual([0, 21, 0, -63]);
  });
});

describe("int8 ONNX graph", () => {
  const config = tinyConfig(64, 3, 4);
  const weights = testWeights(config, 5);
  const batch = exampleBatch([12, 3, 7, 9, 5, 12, 1, 10], config.vocab_size, 2);

  it("stores the layer weights as int8 and the quantised MatMuls in standard ONNX ops", () => {
    const model = modelProtoType().toObject(
      modelProtoType().decode(buildOnnxModel(config, weights, { normalize: true, precision: "int8" })),
    ) as {
      graph: { node: { op_type: string }[]; initializer: { name: string; data_type: number }[] };
      opset_import: { domain?: string }[];
    };
    const types = new Map(model.graph.initializer.map((t) => [t.name, t.data_type]));
    expect(types.get("encoder.layer.0.attention.self.query.weight_quantized")).toBe(3); // INT8
    expect(types.has("encoder.layer.0.attention.self.query.weight")).toBe(false);
    expect(types.get("encoder.layer.2.output.dense.bias")).toBe(1); // biases stay float
    const ops = model.graph.node.map((n) => n.op_type);
    expect(ops.filter((o) => o === "MatMulInteger")).toHaveLength(6 * config.num_hidden_layers);
    expect(ops.filter((o) => o === "DynamicQuantizeLinear")).toHaveLength(6 * config.num_hidden_layers);
    expect(model.opset_import.every((o) => !o.domain)).toBe(true);
  });

  it("runs in onnxruntime-node and agrees with fp32 within cosine 0.999 (mean) and 0.998 (min)", async () => {
    const fp32 = await sentenceEmbeddings(buildOnnxModel(config, weights, { normalize: true }), batch);
    const int8 = await sentenceEmbeddings(
      buildOnnxModel(config, weights, { normalize: true, precision: "int8" }),
      batch,
    );
    const agreement = embeddingAgreement(fp32, int8, config.hidden_size);
    expect(agreement.meanCosine).toBeGreaterThan(0.999);
    expect(agreement.minCosine).toBeGreaterThan(0.998);
    // Quantised, not a copy of the exact graph.
    expect(agreement.minCosine).toBeLessThan(1 - 1e-7);
  });
});

describe("exportOnnx with precision int8", () => {
  it("writes onnx/model_quantized.onnx beside an untouched model.onnx, leaving no temporary file", async () => {
    const { dir } = writeTinyModel(path.join(root, "both"), { hidden: 32, layers: 2, heads: 4 });
    const fp32File = await exportOnnx(dir);
    const before = readFileSync(fp32File);
    const file = await exportOnnx(dir, { precision: "int8" });
    expect(file).toBe(onnxGraphPath(dir, "int8"));
    expect(file).toBe(path.join(dir, "onnx", "model_quantized.onnx"));
    expect(readdirSync(path.join(dir, "onnx")).sort()).toEqual(["model.onnx", "model_quantized.onnx"]);
    expect(readFileSync(fp32File).equals(before)).toBe(true);
    expect(statSync(file).size).toBeLessThan(statSync(fp32File).size);
  });

  it("fails with a clear error, removing its temporary file, when the target cannot be replaced", async () => {
    const { dir } = writeTinyModel(path.join(root, "blocked"), { hidden: 32, layers: 1, heads: 2 });
    const target = onnxGraphPath(dir, "int8");
    mkdirSync(target, { recursive: true });
    writeFileSync(path.join(target, "keep"), "a folder where the file should go");
    await expect(exportOnnx(dir, { precision: "int8" })).rejects.toThrow(
      /Could not write .*model_quantized\.onnx.*check that the model folder is writable/,
    );
    expect(readdirSync(path.dirname(target))).toEqual(["model_quantized.onnx"]);
  });
});

describe("OnnxEmbedder precision", () => {
  // Weights where every tensor matters (see testWeights), so that int8 measurably differs from fp32.
  const config = bertConfig({ ...tinyConfig(32, 2, 4, tinyVocab().length), max_position_embeddings: 128 });
  const dir = saveModelFolder(path.join(root, "served"), {
    config,
    weights: testWeights(config, 9),
    tokenizer: { vocab: tinyVocab() },
    pooling: { mode: "mean", normalize: true },
  });

  it("under auto serves int8 when it agrees with fp32, and says so", async () => {
    const lines: string[] = [];
    const embedder = await OnnxEmbedder.load(dir, { threads: 1, log: (l) => lines.push(l) });
    try {
      expect(embedder.precision).toBe("int8");
      expect(embedder.agreement!.meanCosine).toBeGreaterThanOrEqual(0.99);
      expect(embedder.agreement!.minCosine).toBeGreaterThanOrEqual(0.98);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/serving the int8 graph \(agrees with fp32 on \d+ texts: mean cosine/);
      expect(embedder.graphDescription()).toMatch(/^int8 \(mean cosine [01]\.\d{4} to fp32\)$/);
    } finally {
      await embedder.dispose();
    }
  });

  it("under auto falls back to fp32, and logs why, when int8 misses the bounds", async () => {
    const lines: string[] = [];
    const strict = { meanCosine: 1.5, minCosine: 0.98 }; // no graph can meet a mean cosine above 1
    const embedder = await OnnxEmbedder.load(dir, {
      threads: 1,
      agreementBounds: strict,
      agreementTexts: TEXTS,
      log: (l) => lines.push(l),
    });
    const exact = await OnnxEmbedder.load(dir, { threads: 1, precision: "fp32" });
    try {
      expect(embedder.precision).toBe("fp32");
      expect(lines[0]).toMatch(
        /serving the fp32 graph; int8 mean cosine [01]\.\d{4}, min [01]\.\d{4} is below the bounds \(mean ≥ 1\.5, min ≥ 0\.98\) on 5 texts/,
      );
      expect(await embedder.embed(TEXTS)).toEqual(await exact.embed(TEXTS));
    } finally {
      await Promise.all([embedder.dispose(), exact.dispose()]);
    }
  });

  it("under auto serves fp32 when there is no int8 graph and exporting is not allowed", async () => {
    const { dir: bare } = writeTinyModel(path.join(root, "bare"), { hidden: 32, layers: 1, heads: 2 });
    await exportOnnx(bare);
    const lines: string[] = [];
    const embedder = await OnnxEmbedder.load(bare, { threads: 1, exportIfMissing: false, log: (l) => lines.push(l) });
    try {
      expect(embedder.precision).toBe("fp32");
      expect(embedder.agreement).toBeUndefined();
      expect(lines[0]).toMatch(
        /serving the fp32 graph; the int8 graph could not be opened \(.*has no .*model_quantized\.onnx/,
      );
    } finally {
      await embedder.dispose();
    }
  });

  it("serves exactly the asked graph under fp32 or int8, without a check", async () => {
    const lines: string[] = [];
    const int8 = await OnnxEmbedder.load(dir, { threads: 1, precision: "int8", log: (l) => lines.push(l) });
    const fp32 = await OnnxEmbedder.load(dir, { threads: 1, precision: "fp32", log: (l) => lines.push(l) });
    try {
      expect([int8.precision, fp32.precision]).toEqual(["int8", "fp32"]);
      expect(lines).toEqual([]);
      const agreement = embeddingAgreement(await fp32.embed(TEXTS), await int8.embed(TEXTS), fp32.dim);
      expect(agreement.minCosine).toBeGreaterThan(0.98);
      expect(agreement.minCosine).toBeLessThan(1 - 1e-7);
    } finally {
      await Promise.all([int8.dispose(), fp32.dispose()]);
    }
  });
});
