import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { bertConfig, type BertConfig } from "@/lib/model/bert/bert-config";
import { parseSafetensors, serializeSafetensors, type Weights } from "@/lib/model/store/safetensors";
import {
  readPoolingConfig,
  writeSentenceTransformersFiles,
  type PoolingConfig,
} from "@/lib/model/store/sentence-transformers-files";
import { writeTokenizerFiles } from "@/lib/model/tokenizer/tokenizer-files";

export type { PoolingConfig } from "@/lib/model/store/sentence-transformers-files";

/** A loaded model folder: BERT hyper-parameters, float32 weights under their Hugging Face names, pooling. */
export interface ModelFolder {
  dir: string;
  config: BertConfig;
  /** Names without the `bert.` prefix; linear weights `[out, in]` as PyTorch stores them. */
  weights: Weights;
  pooling: PoolingConfig;
}

/** What {@link saveModelFolder} writes. The tokenizer is either a vocabulary or copied from another model folder. */
export interface ModelFolderContents {
  config: BertConfig;
  weights: Weights;
  tokenizer: { vocab: string[]; lowercase?: boolean } | { copyFrom: string };
  pooling?: PoolingConfig;
  /** Longest input in tokens, for sentence-transformers and the tokenizer; default min(256, max_position_embeddings). */
  maxSeqLength?: number;
}

const TOKENIZER_FILES = ["tokenizer.json", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json"];
const FLOAT_DTYPES = new Set(["F32", "F16", "BF16"]);

/** Parameter names and shapes that a BERT encoder of this config must have. */
export function expectedBertShapes(c: BertConfig): Map<string, number[]> {
  const H = c.hidden_size;
  const shapes = new Map<string, number[]>([
    ["embeddings.word_embeddings.weight", [c.vocab_size, H]],
    ["embeddings.position_embeddings.weight", [c.max_position_embeddings, H]],
    ["embeddings.token_type_embeddings.weight", [c.type_vocab_size, H]],
    ["embeddings.LayerNorm.weight", [H]],
    ["embeddings.LayerNorm.bias", [H]],
  ]);
  const linear = (p: string, out: number, inp: number) => shapes.set(`${p}.weight`, [out, inp]).set(`${p}.bias`, [out]);
  const norm = (p: string) => shapes.set(`${p}.weight`, [H]).set(`${p}.bias`, [H]);
  for (let l = 0; l < c.num_hidden_layers; l++) {
    const p = `encoder.layer.${l}`;
    for (const part of ["query", "key", "value"]) linear(`${p}.attention.self.${part}`, H, H);
    linear(`${p}.attention.output.dense`, H, H);
    norm(`${p}.attention.output.LayerNorm`);
    linear(`${p}.intermediate.dense`, c.intermediate_size, H);
    linear(`${p}.output.dense`, H, c.intermediate_size);
    norm(`${p}.output.LayerNorm`);
  }
  return shapes;
}

/** Throws, naming the tensor, when a weight is missing or has the wrong shape for the config. */
export function validateWeights(config: BertConfig, weights: Weights, source = "model.safetensors"): void {
  for (const [name, shape] of expectedBertShapes(config)) {
    const t = weights.get(name);
    if (!t)
      throw new Error(`${source} has no tensor ${name}: the weights are incomplete or not those of a BERT encoder`);
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new Error(
        `${source}: tensor ${name} has shape [${t.shape}], expected [${shape}] from config.json: the weights and config.json belong to different models`,
      );
    }
  }
}

function requireFile(dir: string, name: string, hint: string): string {
  const file = path.join(dir, name);
  if (!existsSync(file)) throw new Error(`${dir} has no ${name}: ${hint}`);
  return file;
}

/** Reads and checks `config.json`: BERT with GELU and absolute positions, consistent sizes. */
export function readBertConfig(dir: string): BertConfig {
  const file = requireFile(
    dir,
    "config.json",
    "it is not a Hugging Face model folder; copy the whole model folder (config.json, tokenizer files, model.safetensors)",
  );
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`${file} is not valid JSON (${(err as Error).message}): restore it from the model's source`, {
      cause: err,
    });
  }
  if (raw.model_type !== "bert")
    throw new Error(
      `Cognate runs BERT-family encoders; got ${String(raw.model_type)} in ${file}: use a BERT model such as sentence-transformers/all-MiniLM-L6-v2`,
    );
  if (raw.hidden_act !== undefined && raw.hidden_act !== "gelu")
    throw new Error(`${file} sets hidden_act ${String(raw.hidden_act)}: Cognate's BERT implements gelu only`);
  if (raw.position_embedding_type !== undefined && raw.position_embedding_type !== "absolute") {
    throw new Error(
      `${file} sets position_embedding_type ${String(raw.position_embedding_type)}: Cognate's BERT implements absolute positions only`,
    );
  }
  const ints = [
    "vocab_size",
    "hidden_size",
    "num_hidden_layers",
    "num_attention_heads",
    "intermediate_size",
    "max_position_embeddings",
    "type_vocab_size",
  ] as const;
  for (const k of ints) {
    if (raw[k] !== undefined && !(Number.isInteger(raw[k]) && (raw[k] as number) > 0))
      throw new Error(`${file}: ${k} must be a positive integer, got ${JSON.stringify(raw[k])}`);
  }
  if (raw.vocab_size === undefined || raw.hidden_size === undefined)
    throw new Error(`${file} lacks vocab_size or hidden_size: restore it from the model's source`);
  const known = [
    ...ints,
    "architectures",
    "hidden_dropout_prob",
    "attention_probs_dropout_prob",
    "layer_norm_eps",
    "pad_token_id",
  ];
  const picked = Object.fromEntries(known.filter((k) => raw[k] !== undefined).map((k) => [k, raw[k]]));
  const config = bertConfig(picked as Parameters<typeof bertConfig>[0]);
  if (config.hidden_size % config.num_attention_heads !== 0) {
    throw new Error(
      `${file}: hidden_size ${config.hidden_size} is not a multiple of num_attention_heads ${config.num_attention_heads}`,
    );
  }
  return config;
}

/** Drops integer buffers (e.g. `embeddings.position_ids`, I64) that older checkpoints store beside the weights. */
function withoutIntegerTensors(buf: Buffer): Buffer {
  if (buf.byteLength < 8) return buf;
  const headerLen = Number(buf.readBigUInt64LE(0));
  if (8 + headerLen > buf.byteLength) return buf;
  let header: Record<string, { dtype?: string }>;
  try {
    header = JSON.parse(buf.subarray(8, 8 + headerLen).toString("utf8"));
  } catch {
    return buf;
  }
  const drop = Object.keys(header).filter((k) => k !== "__metadata__" && !FLOAT_DTYPES.has(header[k]?.dtype ?? ""));
  if (drop.length === 0 || drop.some((k) => !/^(bert\.)?embeddings\.(position_ids|token_type_ids)$/.test(k)))
    return buf;
  for (const k of drop) delete header[k];
  // Offsets are relative to the data section, which stays as it is.
  const json = Buffer.from(JSON.stringify(header), "utf8");
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([len, json, buf.subarray(8 + headerLen)]);
}

function readWeights(dir: string): Weights {
  const file = path.join(dir, "model.safetensors");
  if (!existsSync(file)) {
    const hint = existsSync(path.join(dir, "pytorch_model.bin"))
      ? "it has pytorch_model.bin only; convert it with transformers (model.save_pretrained(dir, safe_serialization=True))"
      : "copy the model's weights (model.safetensors) into it";
    throw new Error(`${dir} has no model.safetensors: ${hint}`);
  }
  const raw = parseSafetensors(withoutIntegerTensors(readFileSync(file)), file);
  const weights: Weights = new Map();
  // BertFor* checkpoints prefix the encoder with `bert.`; heads (cls.*) keep their names.
  for (const [name, t] of raw) weights.set(name.startsWith("bert.") ? name.slice(5) : name, t);
  return weights;
}

/**
 * Loads and validates a model folder in the Hugging Face layout. Errors name the missing file or
 * tensor and say what to do.
 */
export function loadModelFolder(dir: string): ModelFolder {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new Error(`model folder ${dir} does not exist: copy a model folder there, or use hub:ID or scratch`);
  const config = readBertConfig(dir);
  if (!existsSync(path.join(dir, "tokenizer.json")) && !existsSync(path.join(dir, "vocab.txt"))) {
    throw new Error(`${dir} has neither tokenizer.json nor vocab.txt: copy the tokenizer files of the model into it`);
  }
  const weights = readWeights(dir);
  validateWeights(config, weights, path.join(dir, "model.safetensors"));
  return { dir, config, weights, pooling: readPoolingConfig(dir) };
}

function writeFolderContents(dir: string, c: ModelFolderContents): void {
  const maxSeqLength = c.maxSeqLength ?? Math.min(256, c.config.max_position_embeddings);
  writeFileSync(path.join(dir, "config.json"), JSON.stringify(c.config, null, 2));
  writeFileSync(path.join(dir, "model.safetensors"), serializeSafetensors(c.weights));
  if ("vocab" in c.tokenizer) {
    if (c.tokenizer.vocab.length > c.config.vocab_size)
      throw new Error(
        `the vocabulary has ${c.tokenizer.vocab.length} tokens but config.vocab_size is ${c.config.vocab_size}: raise vocab_size`,
      );
    writeTokenizerFiles(dir, c.tokenizer.vocab, {
      lowercase: c.tokenizer.lowercase ?? true,
      modelMaxLength: c.config.max_position_embeddings,
    });
  } else {
    const from = c.tokenizer.copyFrom;
    const present = TOKENIZER_FILES.filter((f) => existsSync(path.join(from, f)));
    if (!present.includes("tokenizer.json") && !present.includes("vocab.txt"))
      throw new Error(`${from} has neither tokenizer.json nor vocab.txt to copy: pass the vocabulary instead`);
    for (const f of present) copyFileSync(path.join(from, f), path.join(dir, f));
  }
  writeSentenceTransformersFiles(
    dir,
    c.pooling ?? { mode: "mean", normalize: true },
    c.config.hidden_size,
    maxSeqLength,
  );
}

/**
 * Writes a complete model folder (config, safetensors, tokenizer, sentence-transformers modules)
 * that transformers and sentence-transformers load. The folder appears atomically: it is
 * written beside `dir` and renamed; an existing folder is replaced only once the new one is complete.
 */
export function saveModelFolder(dir: string, contents: ModelFolderContents): string {
  validateWeights(contents.config, contents.weights, "the weights to save");
  const target = path.resolve(dir);
  mkdirSync(path.dirname(target), { recursive: true });
  const tag = `${process.pid}-${Date.now().toString(36)}`;
  const tmp = `${target}.tmp-${tag}`;
  mkdirSync(tmp);
  try {
    writeFolderContents(tmp, contents);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  if (existsSync(target)) {
    const old = `${target}.old-${tag}`;
    renameSync(target, old);
    renameSync(tmp, target);
    rmSync(old, { recursive: true, force: true });
  } else {
    renameSync(tmp, target);
  }
  return target;
}
