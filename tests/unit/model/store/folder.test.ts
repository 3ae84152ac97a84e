import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadModelFolder, saveModelFolder } from "@/lib/model/store/model-folder";
import { readSafetensors, serializeSafetensors, writeSafetensors } from "@/lib/model/store/safetensors";
import { readPoolingConfig } from "@/lib/model/store/sentence-transformers-files";
import { writeTinyModel } from "@/tests/fixtures/tiny-model";

const root = mkdtempSync(path.join(tmpdir(), "cognate-folder-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = (o = {}) => writeTinyModel(path.join(root, `m${++n}`), o);

function patchConfig(dir: string, patch: Record<string, unknown>) {
  const file = path.join(dir, "config.json");
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), ...patch }));
}

describe("model folders", () => {
  it("loads what it saved: identical config, weights and pooling", () => {
    const { dir, config, weights } = fresh({ normalize: false });
    const loaded = loadModelFolder(dir);
    expect(loaded.config).toEqual(config);
    expect(loaded.pooling).toEqual({ mode: "mean", normalize: false });
    expect([...loaded.weights.keys()].sort()).toEqual([...weights.keys()].sort());
    for (const [name, t] of weights) {
      expect(loaded.weights.get(name)!.shape).toEqual(t.shape);
      expect(Buffer.from(loaded.weights.get(name)!.data.buffer).equals(Buffer.from(t.data.buffer))).toBe(true);
    }
    for (const f of [
      "vocab.txt",
      "tokenizer.json",
      "tokenizer_config.json",
      "special_tokens_map.json",
      "modules.json",
      "1_Pooling/config.json",
      "sentence_bert_config.json",
    ]) {
      expect(existsSync(path.join(dir, f))).toBe(true);
    }
  });

  it("writes the sentence-transformers modules", () => {
    const { dir } = fresh();
    const modules = JSON.parse(readFileSync(path.join(dir, "modules.json"), "utf8"));
    expect(modules.map((m: { type: string }) => m.type.split(".").at(-1))).toEqual([
      "Transformer",
      "Pooling",
      "Normalize",
    ]);
    expect(JSON.parse(readFileSync(path.join(dir, "1_Pooling/config.json"), "utf8"))).toMatchObject({
      word_embedding_dimension: 32,
      pooling_mode_mean_tokens: true,
    });
    expect(readPoolingConfig(dir)).toEqual({ mode: "mean", normalize: true });
  });

  it("replaces an existing folder atomically and copies a tokenizer from another folder", () => {
    const base = fresh();
    const target = path.join(root, "replaced");
    writeTinyModel(target, { seed: 7 });
    const model = loadModelFolder(base.dir);
    saveModelFolder(target, {
      config: model.config,
      weights: model.weights,
      tokenizer: { copyFrom: base.dir },
      pooling: { mode: "cls", normalize: false },
    });
    expect(
      readFileSync(path.join(target, "model.safetensors")).equals(
        readFileSync(path.join(base.dir, "model.safetensors")),
      ),
    ).toBe(true);
    expect(loadModelFolder(target).pooling).toEqual({ mode: "cls", normalize: false });
    expect(readdirSync(root).filter((f) => f.includes(".tmp-") || f.includes(".old-"))).toEqual([]);
  });

  it("accepts bert.-prefixed weights and integer position_ids buffers", () => {
    const { dir, weights } = fresh({ prefixBert: true });
    expect(loadModelFolder(dir).weights.get("embeddings.LayerNorm.weight")!.data).toEqual(
      weights.get("embeddings.LayerNorm.weight")!.data,
    );
    // Older checkpoints store embeddings.position_ids as I64 beside the float weights.
    const buf = serializeSafetensors(readSafetensors(path.join(dir, "model.safetensors")));
    const headerLen = Number(buf.readBigUInt64LE(0));
    const header = JSON.parse(buf.subarray(8, 8 + headerLen).toString());
    const dataLen = buf.length - 8 - headerLen;
    header["bert.embeddings.position_ids"] = { dtype: "I64", shape: [1, 4], data_offsets: [dataLen, dataLen + 32] };
    const json = Buffer.from(JSON.stringify(header));
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(json.length));
    writeFileSync(
      path.join(dir, "model.safetensors"),
      Buffer.concat([len, json, buf.subarray(8 + headerLen), Buffer.alloc(32)]),
    );
    expect(loadModelFolder(dir).weights.has("embeddings.position_ids")).toBe(false);
  });
});

describe("bad model folders give clear errors", () => {
  it("names a missing config.json, weights or tokenizer", () => {
    expect(() => loadModelFolder(path.join(root, "nowhere"))).toThrow(
      /does not exist: copy a model folder there, or use hub:ID or scratch/,
    );
    const a = fresh();
    unlinkSync(path.join(a.dir, "config.json"));
    expect(() => loadModelFolder(a.dir)).toThrow(/has no config\.json: it is not a Hugging Face model folder/);
    const b = fresh();
    unlinkSync(path.join(b.dir, "model.safetensors"));
    expect(() => loadModelFolder(b.dir)).toThrow(/has no model\.safetensors: copy the model's weights/);
    const c = fresh();
    unlinkSync(path.join(c.dir, "vocab.txt"));
    unlinkSync(path.join(c.dir, "tokenizer.json"));
    expect(() => loadModelFolder(c.dir)).toThrow(/neither tokenizer\.json nor vocab\.txt/);
  });

  it("refuses an unknown architecture", () => {
    const { dir } = fresh();
    patchConfig(dir, { model_type: "gpt2" });
    expect(() => loadModelFolder(dir)).toThrow("Cognate runs BERT-family encoders; got gpt2");
  });

  it("names a tensor with the wrong shape or a missing one", () => {
    const { dir, weights } = fresh();
    const bad = new Map(weights);
    bad.set("encoder.layer.1.intermediate.dense.weight", { shape: [32, 64], data: new Float32Array(32 * 64) });
    writeSafetensors(path.join(dir, "model.safetensors"), bad);
    expect(() => loadModelFolder(dir)).toThrow(
      /tensor encoder\.layer\.1\.intermediate\.dense\.weight has shape \[32,64\], expected \[64,32\]/,
    );
    bad.delete("encoder.layer.1.intermediate.dense.weight");
    writeSafetensors(path.join(dir, "model.safetensors"), bad);
    expect(() => loadModelFolder(dir)).toThrow(/has no tensor encoder\.layer\.1\.intermediate\.dense\.weight/);
  });

  it("reports a truncated safetensors file", () => {
    const { dir } = fresh();
    const file = path.join(dir, "model.safetensors");
    const buf = readFileSync(file);
    writeFileSync(file, buf.subarray(0, buf.length - 100));
    expect(() => loadModelFolder(dir)).toThrow(/truncated.*download the model again/);
  });

  it("refuses to save weights that do not match the config, leaving no folder", () => {
    const { config, weights, vocab } = fresh();
    const target = path.join(root, "never");
    const bigger = { ...config, hidden_size: 64 };
    expect(() => saveModelFolder(target, { config: bigger, weights, tokenizer: { vocab } })).toThrow(/expected \[/);
    expect(existsSync(target)).toBe(false);
  });
});
