import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { bertConfig, MINILM_L6_SHAPE } from "@/lib/model/bert/bert-config";
import { saveModelFolder } from "@/lib/model/store/model-folder";
import { OnnxEmbedder } from "@/lib/model/embed/onnx-embedder";
import { randomBertWeights } from "@/lib/model/bert/random-weights";
import { trainWordPiece } from "@/lib/model/tokenizer/wordpiece-trainer";
import { DEFAULT_SCRATCH_ENCODER } from "@/lib/train/recipe/choose-recipe";

const DATA_DIR = path.resolve(import.meta.dirname, "../../../shared/data");
const WARMUP = 20;

/** Single-query embedding latency, as the web server's embedder pool runs it (1 thread). */
export interface QueryEmbeddingTiming {
  latenciesMs: number[];
  threads: number;
  /** Where the query texts came from. */
  source: string;
}

/** Distinct sentences of an STS-B file (both columns, header row dropped). */
function stsSentences(file: string): string[] {
  const rows = parse(readFileSync(path.join(DATA_DIR, file), "utf8")) as string[][];
  return [...new Set(rows.filter((r) => !Number.isNaN(Number(r[2]))).flatMap((r) => [r[0], r[1]]))];
}

const scratch = DEFAULT_SCRATCH_ENCODER;

/**
 * Shapes of the served model that text queries are timed with: MiniLM-L6's (the default hub model,
 * dimension 384) and the default recipe's scratch encoder (what an offline install trains, 256).
 */
export const QUERY_MODELS = {
  minilm: { name: "MiniLM-L6 shape", shape: MINILM_L6_SHAPE },
  scratch: {
    name: "default scratch shape",
    shape: {
      vocab_size: scratch.vocabSize,
      hidden_size: scratch.hidden,
      num_hidden_layers: scratch.layers,
      num_attention_heads: scratch.heads,
      intermediate_size: scratch.intermediate,
    },
  },
} as const;

export type QueryModelKind = keyof typeof QUERY_MODELS;

/**
 * Builds a model of `kind`'s shape with random weights and a WordPiece vocabulary learned from
 * STS-B train into `modelDir`: what the served corpus's model costs per query, whatever its
 * weights. @returns `modelDir`
 */
export function buildQueryModel(modelDir: string, kind: QueryModelKind): string {
  const { shape } = QUERY_MODELS[kind];
  const vocab = trainWordPiece(stsSentences("stsb-en-train.csv"), { vocabSize: shape.vocab_size });
  const config = bertConfig({ ...shape });
  return saveModelFolder(modelDir, {
    config,
    weights: randomBertWeights(config, 1),
    tokenizer: { vocab },
    pooling: { mode: "mean", normalize: true },
  });
}

/**
 * Distinct STS-B sentences (dev, then train) as search queries: more than the embedder's query
 * cache holds (1,024), so that queries cycled through in order never hit it.
 */
export function queryTexts(): string[] {
  return [...new Set([...stsSentences("stsb-en-dev.csv"), ...stsSentences("stsb-en-train.csv")])];
}

/**
 * Loads {@link buildQueryModel}'s model as the server does (onnxruntime, 1 thread) and times
 * `embedQuery` on up to `count` distinct STS-B dev sentences (it has about 2,900), one at a time.
 * Distinct texts, because the embedder caches repeated queries.
 */
export async function timeQueryEmbedding(modelDir: string, count: number): Promise<QueryEmbeddingTiming> {
  const threads = 1;
  const embedder = await OnnxEmbedder.load(modelDir, { threads });
  try {
    const texts = stsSentences("stsb-en-dev.csv");
    const measured = texts.slice(WARMUP, WARMUP + count);
    for (const text of texts.slice(0, WARMUP)) await embedder.embedQuery(text);
    const latenciesMs: number[] = [];
    for (const text of measured) {
      const started = performance.now();
      await embedder.embedQuery(text);
      latenciesMs.push(performance.now() - started);
    }
    return { latenciesMs, threads, source: `${measured.length} distinct STS-B dev sentences` };
  } finally {
    await embedder.dispose();
  }
}
