import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BertEncoder } from "@/lib/model/bert/bert-encoder";
import { EmbeddingCache } from "@/lib/model/embed/embedding-cache";
import { readEmbeddings, writeEmbeddings } from "@/lib/model/embed/embedding-file";
import { loadModelFolder } from "@/lib/model/store/model-folder";
import { OnnxEmbedder } from "@/lib/model/embed/onnx-embedder";
import { sentenceEmbedding } from "@/lib/model/bert/pooling";
import { createScratchModel } from "@/lib/model/bert/scratch-model";
import { loadTokenizer } from "@/lib/model/tokenizer/tokenizer";
import { embedCommand } from "@/workers/cli/embed-command";
import { writeTinyModel } from "@/tests/fixtures/tiny-model";

const TEXTS = [
  "A man is playing a guitar.",
  "the dog",
  "Two women are walking in the park with their children, and a small brown dog runs after them.",
  "A plane is flying over the city.",
  "",
  "the dog",
  "Police said the attack killed three people.",
];

const root = mkdtempSync(path.join(tmpdir(), "cognate-embed-"));
let normalized: OnnxEmbedder;
let raw: OnnxEmbedder;
beforeAll(async () => {
  writeTinyModel(path.join(root, "norm"), { normalize: true });
  writeTinyModel(path.join(root, "raw"), { normalize: false, seed: 3 });
  // The exact graph: these tests check properties (batch independence, TF.js parity) of fp32.
  normalized = await OnnxEmbedder.load(path.join(root, "norm"), { threads: 1, precision: "fp32" });
  raw = await OnnxEmbedder.load(path.join(root, "raw"), { threads: 1, precision: "fp32" });
});
afterAll(async () => {
  await normalized?.dispose();
  await raw?.dispose();
  rmSync(root, { recursive: true, force: true });
});

const row = (m: Float32Array, i: number, dim: number) => m.subarray(i * dim, (i + 1) * dim);
const norm = (v: Float32Array) => Math.hypot(...v);
function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  return a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);
}

describe("OnnxEmbedder", () => {
  it("exports the graph once and reports the dimension", () => {
    expect(existsSync(path.join(root, "norm", "onnx", "model.onnx"))).toBe(true);
    expect(normalized.dim).toBe(32);
  });

  it("returns rows in input order, identical to embedding one text at a time", async () => {
    const all = await normalized.embed(TEXTS, { batchSize: 3 });
    expect(all.length).toBe(TEXTS.length * 32);
    for (let i = 0; i < TEXTS.length; i++) {
      const alone = await normalized.embed([TEXTS[i]]);
      expect(maxAbsDiff(row(all, i, 32), alone)).toBeLessThan(1e-5);
    }
    expect(maxAbsDiff(row(all, 1, 32), row(all, 5, 32))).toBeLessThan(1e-6);
  });

  it("normalises when the model has a Normalize module, or when asked", async () => {
    const unit = await normalized.embed(TEXTS);
    for (let i = 0; i < TEXTS.length; i++) expect(norm(row(unit, i, 32))).toBeCloseTo(1, 5);
    const plain = await raw.embed(TEXTS);
    expect(Math.abs(norm(row(plain, 0, 32)) - 1)).toBeGreaterThan(1e-3);
    const asked = await raw.embed(TEXTS, { normalize: true });
    const rawOf = await normalized.embed(TEXTS, { normalize: false });
    for (let i = 0; i < TEXTS.length; i++) {
      const p = row(plain, i, 32);
      expect(
        maxAbsDiff(
          row(asked, i, 32),
          p.map((x) => x / norm(p)),
        ),
      ).toBeLessThan(1e-5);
      const r = row(rawOf, i, 32);
      expect(
        maxAbsDiff(
          row(unit, i, 32),
          r.map((x) => x / norm(r)),
        ),
      ).toBeLessThan(1e-5);
    }
  });

  it("matches the TensorFlow.js forward pass", async () => {
    const model = loadModelFolder(path.join(root, "norm"));
    const tokenizer = await loadTokenizer(model.dir);
    const batch = tokenizer.encode(TEXTS);
    const encoder = new BertEncoder(model.config, model.weights);
    const shape: [number, number] = [batch.batch, batch.seqLen];
    const inputs = {
      inputIds: tf.tensor2d(Int32Array.from(batch.inputIds, Number), shape, "int32"),
      attentionMask: tf.tensor2d(Int32Array.from(batch.attentionMask, Number), shape, "int32"),
    };
    const expected = tf.tidy(() => sentenceEmbedding(encoder, inputs, { normalize: true }));
    const fromTf = (await expected.data()) as Float32Array;
    tf.dispose([expected, inputs.inputIds, inputs.attentionMask]);
    encoder.dispose();
    expect(maxAbsDiff(await normalized.embed(TEXTS), fromTf)).toBeLessThan(1e-4);
  });

  it("caches query embeddings", async () => {
    const first = await normalized.embedQuery("a dog in the park");
    first.fill(0); // the caller's copy; the cache keeps its own
    const again = await normalized.embedQuery("a dog in the park");
    expect(maxAbsDiff(again, await normalized.embed(["a dog in the park"]))).toBe(0);
  });

  it("reports progress per batch", async () => {
    const seen: number[] = [];
    await normalized.embed(TEXTS, { batchSize: 2, onProgress: (p) => seen.push(p.done) });
    expect(seen).toEqual([2, 4, 6, 7]);
  });
});

describe("embedding files and the query cache", () => {
  it("round-trips float32 vectors and rejects damaged files", () => {
    const file = path.join(root, "vectors.bin");
    const vectors = Float32Array.from({ length: 12 }, (_, i) => i / 7);
    writeEmbeddings(file, vectors, 4);
    expect(readEmbeddings(file)).toEqual({ vectors, count: 3, dim: 4 });
    expect(() => writeEmbeddings(file, vectors, 5)).toThrow(/not a whole number/);
    writeFileSync(file, readFileSync(file).subarray(0, 30));
    expect(() => readEmbeddings(file)).toThrow(/truncated/);
    writeFileSync(file, "hello world, not vectors");
    expect(() => readEmbeddings(file)).toThrow(/not a Cognate embeddings file/);
  });

  it("evicts the least recently used entry", () => {
    const cache = new EmbeddingCache<number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    cache.get("a");
    cache.set("c", 3);
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual([1, undefined, 3]);
  });
});

describe("embed command and scratch models", () => {
  it("writes one normalised JSON line per input line, in order", async () => {
    const input = path.join(root, "in.txt");
    writeFileSync(input, TEXTS.join("\n") + "\n");
    const output = path.join(root, "out.jsonl");
    const model = `dir:${path.join(root, "raw")}`;
    await embedCommand([
      "--model",
      model,
      "--input",
      input,
      "--output",
      output,
      "--batch-size",
      "2",
      "--precision",
      "fp32",
    ]);
    const lines = readFileSync(output, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.text)).toEqual(TEXTS);
    const expected = await raw.embed(TEXTS, { normalize: true });
    lines.forEach((l, i) => {
      expect(norm(Float32Array.from(l.embedding))).toBeCloseTo(1, 5);
      expect(maxAbsDiff(Float32Array.from(l.embedding), row(expected, i, 32))).toBeLessThan(1e-6);
    });
    await embedCommand(["--model", model, "--input", input, "--output", output, "--no-normalize"]);
    const rawLine = JSON.parse(readFileSync(output, "utf8").split("\n")[0]);
    expect(Math.abs(norm(Float32Array.from(rawLine.embedding)) - 1)).toBeGreaterThan(1e-3);
    await expect(
      embedCommand(["--model", model, "--input", path.join(root, "none.txt"), "--output", output]),
    ).rejects.toThrow(/no such file/);
    await expect(embedCommand(["--model", model, "--input", input])).rejects.toThrow(/usage: npm run cli -- embed/);
  });

  it("creates a scratch model from a corpus that loads and embeds", async () => {
    const texts = TEXTS.concat(TEXTS, TEXTS);
    const { dir, config } = await createScratchModel(path.join(root, "scratch"), {
      texts,
      vocabSize: 200,
      shape: { hidden_size: 32, num_hidden_layers: 1, num_attention_heads: 2, intermediate_size: 64 },
    });
    const model = loadModelFolder(dir);
    expect(model.config).toEqual(config);
    expect(model.pooling).toEqual({ mode: "mean", normalize: true });
    expect(readFileSync(path.join(dir, "vocab.txt"), "utf8").split("\n").slice(0, 5)).toEqual([
      "[PAD]",
      "[UNK]",
      "[CLS]",
      "[SEP]",
      "[MASK]",
    ]);
    const tokenizer = await loadTokenizer(dir);
    expect(tokenizer.tokenize("the dog")).toEqual(["the", "dog"]);
  });
});
