import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import * as ort from "onnxruntime-node";
import { AGREEMENT_SAMPLE_TEXTS } from "@/lib/model/embed/agreement-sample";
import {
  INT8_AGREEMENT_BOUNDS,
  type AgreementBounds,
  type EmbeddingAgreement,
} from "@/lib/model/embed/embedding-agreement";
import { EmbeddingCache } from "@/lib/model/embed/embedding-cache";
import { lengthBatches } from "@/lib/model/embed/length-batches";
import { readBertConfig } from "@/lib/model/store/model-folder";
import type { EmbeddingPrecision, EmbedPrecisionChoice } from "@/lib/model/embed/embed-precision";
import { exportOnnx, onnxGraphPath } from "@/lib/model/onnx/onnx-export";
import { chooseQuantizedIfFaithful } from "@/lib/model/embed/precision-guard";
import { readPoolingConfig, type PoolingConfig } from "@/lib/model/store/sentence-transformers-files";
import { normalizeRows } from "@/lib/core/vector-math";
import { poolTokens } from "@/lib/model/bert/token-pooling";
import { loadTokenizer, type EncodedBatch, type Tokenizer } from "@/lib/model/tokenizer/tokenizer";
import { OnnxThread, type Int64Feed, type PassOutput } from "@/lib/model/embed/onnx-thread";

/** Options of {@link OnnxEmbedder.load}. */
export interface EmbedderLoadOptions {
  /** onnxruntime intra-op threads; default every core. */
  threads?: number;
  /** Export the graph to serve (`onnx/model.onnx`, `onnx/model_quantized.onnx`) from the safetensors when the folder has none; default true. */
  exportIfMissing?: boolean;
  /** How many query embeddings {@link OnnxEmbedder.embedQuery} keeps; default 1024. */
  cacheSize?: number;
  /**
   * Let idle onnxruntime threads spin-wait for work; default false. Spinning saves microseconds
   * per op on an idle machine but burns the cores that workers sharing it need: measured here
   * (2 cores, other jobs running) at 64×32, 2 threads ran 70 sentences/s spinning, 85 without.
   */
  spin?: boolean;
  /**
   * Which graph serves. `fp32`: `onnx/model.onnx`, exact. `int8`: `onnx/model_quantized.onnx`,
   * unchecked. `auto` (default): int8 where, on this machine, it agrees with fp32 on
   * `agreementTexts` within `agreementBounds`, else fp32 (and the reason is logged). Default auto
   * because int8 runs several times faster on CPUs with int8 dot products (VNNI) and the check
   * keeps a model that quantises badly on fp32.
   */
  precision?: EmbedPrecisionChoice;
  /** Bounds the int8 graph must meet under `auto`; default {@link INT8_AGREEMENT_BOUNDS}. */
  agreementBounds?: AgreementBounds;
  /**
   * Run the forward passes in a worker thread with its own session of the serving graph, so that
   * they never hold the caller's event loop (the web server's query embedder); default false.
   * The `auto` check still runs here first; the session it leaves is then released.
   */
  offThread?: boolean;
  /** Texts the `auto` check embeds; default {@link AGREEMENT_SAMPLE_TEXTS}. */
  agreementTexts?: readonly string[];
  /** Where `auto` says which graph serves and why; default stderr. */
  log?: (line: string) => void;
}

/** Progress of {@link OnnxEmbedder.embed}, reported after each batch. */
export interface EmbedProgress {
  done: number;
  total: number;
  sentencesPerSecond: number;
  etaSeconds: number;
}

/** The graph file of `precision` in `modelDir`, exported from the safetensors first when absent and `exportIfMissing`. */
async function graphFile(modelDir: string, precision: EmbeddingPrecision, exportIfMissing: boolean): Promise<string> {
  const file = onnxGraphPath(modelDir, precision);
  if (existsSync(file)) return file;
  if (!exportIfMissing)
    throw new Error(`${modelDir} has no ${file}: export it with exportOnnx(dir, { precision: "${precision}" }) first`);
  return exportOnnx(modelDir, { precision });
}

/** The onnxruntime session options of `options`, the same for a session here and in an {@link OnnxThread}. */
function sessionOptions(options: EmbedderLoadOptions) {
  const { threads = availableParallelism(), spin = false } = options;
  return {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: "all",
    executionMode: "sequential",
    extra: { session: { intra_op: { allow_spinning: spin ? "1" : "0" } } },
  } satisfies ort.InferenceSession.SessionOptions;
}

/** An onnxruntime session on `file`, checked to take BERT's inputs. */
async function openSession(file: string, options: EmbedderLoadOptions): Promise<ort.InferenceSession> {
  const session = await ort.InferenceSession.create(file, sessionOptions(options));
  if (!session.inputNames.includes("input_ids") || !session.inputNames.includes("attention_mask")) {
    await session.release();
    throw new Error(
      `${file} takes inputs ${session.inputNames.join(", ")}: a BERT graph needs input_ids and attention_mask; export it again`,
    );
  }
  return session;
}

/** Options of {@link OnnxEmbedder.embed}. */
export interface EmbedOptions {
  /** Sentences per forward pass; default 64. */
  batchSize?: number;
  /** Tokens per sentence, `[CLS]` and `[SEP]` included; longer ones are truncated. Default 128. */
  maxLength?: number;
  /** L2-normalise the vectors; default: as the model's sentence-transformers modules say. */
  normalize?: boolean;
  onProgress?: (p: EmbedProgress) => void;
  signal?: AbortSignal;
}

/**
 * Sentence embeddings from the model's ONNX graph in onnxruntime-node, the fast path for
 * indexing and search. Texts are sorted by token length before batching, and a batch is cut
 * where padding would exceed a tenth of its tokens (see {@link lengthBatches}), so that little
 * compute goes to padding; the rows are put back in input order.
 */
export class OnnxEmbedder {
  private readonly cache: EmbeddingCache;
  /** How the serving graph agreed with fp32 when `auto` checked it; absent when nothing was checked. */
  agreement?: EmbeddingAgreement;
  private readonly inputNames: readonly string[];
  private readonly outputNames: readonly string[];
  /** The session on this thread; null once the passes run in {@link thread}, or after dispose. */
  private session: ort.InferenceSession | null;
  /** Where the passes run when off the calling thread. */
  private thread: { current: Promise<OnnxThread>; options: Record<string, unknown> } | null = null;

  private constructor(
    session: ort.InferenceSession,
    /** The graph file that serves. */
    private readonly file: string,
    private readonly tokenizer: Tokenizer,
    readonly pooling: PoolingConfig,
    /** Width of a sentence vector (the encoder's hidden size). */
    readonly dim: number,
    readonly dir: string,
    cacheSize: number,
    /** Number format of the graph that serves. */
    readonly precision: EmbeddingPrecision,
  ) {
    this.cache = new EmbeddingCache(cacheSize);
    this.session = session;
    this.inputNames = session.inputNames;
    this.outputNames = session.outputNames;
  }

  /**
   * Opens the folder's ONNX graph of the asked precision (exporting it first if absent and
   * allowed) and the folder's tokenizer; under `auto` chooses int8 or fp32 as
   * {@link EmbedderLoadOptions.precision} says.
   */
  static async load(modelDir: string, options: EmbedderLoadOptions = {}): Promise<OnnxEmbedder> {
    const { precision = "auto", cacheSize = 1024 } = options;
    const config = readBertConfig(modelDir);
    const tokenizer = await loadTokenizer(modelDir);
    const pooling = readPoolingConfig(modelDir);
    const open = async (p: EmbeddingPrecision) => {
      const file = await graphFile(modelDir, p, options.exportIfMissing ?? true);
      const session = await openSession(file, options);
      return new OnnxEmbedder(session, file, tokenizer, pooling, config.hidden_size, modelDir, cacheSize, p);
    };
    let embedder: OnnxEmbedder;
    if (precision !== "auto") embedder = await open(precision);
    else {
      const choice = await chooseQuantizedIfFaithful(open, {
        texts: options.agreementTexts ?? AGREEMENT_SAMPLE_TEXTS,
        bounds: options.agreementBounds ?? INT8_AGREEMENT_BOUNDS,
        log: options.log ?? ((line) => process.stderr.write(`[cognate] ${line}\n`)),
        what: modelDir,
      });
      embedder = choice.embedder;
      embedder.agreement = choice.agreement;
    }
    if (options.offThread) await embedder.moveOffThread(sessionOptions(options));
    return embedder;
  }

  /** Whether the forward passes run in a worker thread ({@link EmbedderLoadOptions.offThread}). */
  get offThread(): boolean {
    return this.thread !== null;
  }

  private async moveOffThread(options: Record<string, unknown>): Promise<void> {
    const current = OnnxThread.open(this.file, options);
    try {
      await current;
    } catch (err) {
      await this.dispose();
      throw err;
    }
    this.thread = { current, options };
    const session = this.session;
    this.session = null;
    await session?.release();
  }

  /** One forward pass with `feeds`, here or in the thread; a thread that stopped is started again. */
  private async run(feeds: Record<string, Int64Feed>, output: string): Promise<PassOutput> {
    if (!this.thread) {
      if (!this.session) throw new Error(`the embedder of ${this.dir} was disposed`);
      const tensors = Object.fromEntries(
        Object.entries(feeds).map(([name, f]) => [name, new ort.Tensor("int64", f.data, f.dims)]),
      );
      const result = (await this.session.run(tensors, [output]))[output];
      return { data: result.data as Float32Array, dims: result.dims };
    }
    const thread = this.thread;
    const asked = thread.current;
    const running = await asked;
    if (!running.closed) return running.run(feeds, output);
    // Started again once for everyone who finds it stopped (e.g. the thread ran out of memory).
    if (thread.current === asked) thread.current = OnnxThread.open(this.file, thread.options);
    return (await thread.current).run(feeds, output);
  }

  /** The serving graph in words for logs and job messages, e.g. `int8 (mean cosine 0.9998 to fp32)`. */
  graphDescription(): string {
    return this.agreement
      ? `${this.precision} (mean cosine ${this.agreement.meanCosine.toFixed(4)} to fp32)`
      : this.precision;
  }

  /** Token ids of one text as the embedder feeds it (with `[CLS]`/`[SEP]`, truncated). */
  tokenIds(text: string, maxLength = 128): number[] {
    return this.tokenizer.ids(text, maxLength);
  }

  /**
   * Embeds `texts`.
   * @returns `[texts.length, dim]` row-major, row i for texts[i]
   */
  async embed(texts: string[], options: EmbedOptions = {}): Promise<Float32Array> {
    const { batchSize = 64, maxLength = 128, normalize = this.pooling.normalize, onProgress, signal } = options;
    if (!(batchSize >= 1)) throw new Error(`batchSize ${batchSize} must be at least 1`);
    const out = new Float32Array(texts.length * this.dim);
    const ids = texts.map((t) => this.tokenizer.ids(t, maxLength));
    // Stable sort by length: similar lengths share a batch, and equal texts stay in order.
    const order = ids.map((_, i) => i).sort((a, b) => ids[a].length - ids[b].length || a - b);
    const started = performance.now();
    for (const [start, end] of lengthBatches(
      order.map((i) => ids[i].length),
      { maxRows: batchSize },
    )) {
      signal?.throwIfAborted();
      const rows = order.slice(start, end);
      const vectors = await this.embedBatch(this.tokenizer.pad(rows.map((i) => ids[i])), normalize);
      rows.forEach((i, k) => out.set(vectors.subarray(k * this.dim, (k + 1) * this.dim), i * this.dim));
      const done = end;
      const rate = done / Math.max((performance.now() - started) / 1000, 1e-9);
      onProgress?.({ done, total: texts.length, sentencesPerSecond: rate, etaSeconds: (texts.length - done) / rate });
    }
    return out;
  }

  /** One query's vector, served from a small LRU cache when the same text was asked before. @returns `[dim]` */
  async embedQuery(text: string): Promise<Float32Array> {
    const hit = this.cache.get(text);
    if (hit) return hit.slice();
    const vector = await this.embed([text]);
    this.cache.set(text, vector);
    return vector.slice();
  }

  /**
   * One forward pass over an already tokenised batch (`[batch, seqLen]` from {@link Tokenizer.pad}).
   * Uses the graph's `sentence_embedding` when it pools (and normalises) as asked, otherwise
   * pools `last_hidden_state` here.
   * @returns `[batch, dim]`
   */
  async embedBatch(batch: EncodedBatch, normalize = this.pooling.normalize): Promise<Float32Array> {
    const dims = [batch.batch, batch.seqLen];
    const all: Record<string, Int64Feed> = {
      input_ids: { data: batch.inputIds, dims },
      attention_mask: { data: batch.attentionMask, dims },
      token_type_ids: { data: batch.tokenTypeIds, dims },
    };
    const feeds = Object.fromEntries(this.inputNames.map((n) => [n, all[n]]));
    const graphPools = this.outputNames.includes("sentence_embedding") && (normalize || !this.pooling.normalize);
    const output = graphPools ? "sentence_embedding" : this.hiddenOutput();
    const { data } = await this.run(feeds, output);
    if (graphPools) return normalize && !this.pooling.normalize ? normalizeRows(data, this.dim, data) : data;
    const pooled = poolTokens(data, batch.attentionMask, batch.batch, batch.seqLen, this.dim, this.pooling.mode);
    return normalize ? normalizeRows(pooled, this.dim, pooled) : pooled;
  }

  private hiddenOutput(): string {
    const name = ["last_hidden_state", "token_embeddings"].find((n) => this.outputNames.includes(n));
    if (!name)
      throw new Error(
        `the ONNX graph of ${this.dir} outputs ${this.outputNames.join(", ")}: expected sentence_embedding or last_hidden_state; export it again`,
      );
    return name;
  }

  /** Frees the onnxruntime session, or stops the thread that holds it. */
  async dispose(): Promise<void> {
    const [session, thread] = [this.session, this.thread];
    this.session = null;
    this.thread = null;
    await session?.release();
    await (await thread?.current.catch(() => undefined))?.close();
  }
}
