/**
 * Embedding throughput: `npx tsx bench/embed.ts [--seconds S] [--rounds R]`.
 *
 * Builds a model of MiniLM-L6's shape (6 layers, hidden 384, 12 heads, FFN 1536, vocabulary
 * 30,522) with random weights in a temporary folder, and measures sentences per second at
 * batch 64 × sequence 32 with a quarter of the tokens padding, for the ONNX graph in
 * onnxruntime-node (fp32 and int8) and for the TensorFlow.js encoder on its best backend, in
 * this process. The product's path, `embed()` with the graph that `auto` chooses, is measured
 * on 64 STS-B sentences with the batch's token lengths (16…32), so that it does the same work.
 * Also: int8 against fp32 on STS-B dev sentences, the tokenizer alone, and `embed()` on
 * 2,048 STS-B sentences.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { parse } from "csv-parse/sync";
import { initBackend } from "@/lib/model/kernels/backend";
import { bertConfig, MINILM_L6_SHAPE } from "@/lib/model/bert/bert-config";
import { BertEncoder } from "@/lib/model/bert/bert-encoder";
import { saveModelFolder } from "@/lib/model/store/model-folder";
import { embeddingAgreement } from "@/lib/model/embed/embedding-agreement";
import { OnnxEmbedder } from "@/lib/model/embed/onnx-embedder";
import { sentenceEmbedding } from "@/lib/model/bert/pooling";
import { randomBertWeights } from "@/lib/model/bert/random-weights";
import { loadTokenizer, type EncodedBatch, type Tokenizer } from "@/lib/model/tokenizer/tokenizer";
import { trainWordPiece } from "@/lib/model/tokenizer/wordpiece-trainer";

const BATCH = 64;
const SEQ = 32;
/** PyTorch 1.13 on this machine, same shape and batch (measured by the author). */
const PYTORCH_BASELINE = 104;
const ONNX_TARGET = 160;
const argValue = (name: string) => Number(process.argv[process.argv.indexOf(name) + 1]);
/** Seconds per contender per round, and rounds: `--seconds S --rounds R`. */
const seconds = argValue("--seconds") || 3;
const rounds = argValue("--rounds") || 3;

function stsSentences(splits = ["train", "dev"]): string[] {
  const dataDir = path.resolve(import.meta.dirname, "../../shared/data");
  return splits.flatMap((f) =>
    (parse(readFileSync(path.join(dataDir, `stsb-en-${f}.csv`), "utf8")) as string[][]).flatMap((r) => [r[0], r[1]]),
  );
}

/** Token length of row `b` of the benchmark batch: spread evenly over 16…32, 24 on average. */
const rowLength = (b: number) => 16 + Math.round((16 * b) / (BATCH - 1));

/** Row lengths spread evenly over 16…32 tokens: 24 on average, so a quarter of the batch is padding. */
function paddedBatch(vocabSize: number): EncodedBatch {
  const n = BATCH * SEQ;
  const inputIds = new BigInt64Array(n);
  const attentionMask = new BigInt64Array(n);
  let seed = 7;
  for (let b = 0; b < BATCH; b++) {
    const len = rowLength(b);
    for (let t = 0; t < len; t++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      inputIds[b * SEQ + t] = BigInt(t === 0 ? 2 : t === len - 1 ? 3 : 5 + (seed % (vocabSize - 5)));
      attentionMask[b * SEQ + t] = 1n;
    }
  }
  return { inputIds, attentionMask, tokenTypeIds: new BigInt64Array(n), batch: BATCH, seqLen: SEQ };
}

/**
 * {@link BATCH} real sentences whose token counts (with `[CLS]` and `[SEP]`) are the benchmark
 * batch's row lengths, shuffled as a request would come: `embed()` on them does the same work
 * as the padded batch, in whatever batches it chooses.
 */
function lengthMatchedTexts(sentences: string[], tokenizer: Tokenizer): string[] {
  const byLength = new Map<number, string[]>();
  for (const s of sentences) {
    const n = tokenizer.ids(s, 128).length;
    if (!byLength.has(n)) byLength.set(n, []);
    byLength.get(n)!.push(s);
  }
  const texts = Array.from({ length: BATCH }, (_, b) => {
    const pool = byLength.get(rowLength(b));
    if (!pool?.length) throw new Error(`no STS-B sentence has ${rowLength(b)} tokens: check ../shared/data`);
    return pool[b % pool.length];
  });
  return texts.map((t, i) => texts[(i * 37) % BATCH] ?? t); // 37 is coprime to 64: a permutation
}

/** Sentences per second of `step` (one batch of `perStep`), run for at least `seconds` (and 1 step). */
async function rate(step: () => Promise<unknown> | unknown, perStep: number, seconds: number): Promise<number> {
  let steps = 0;
  const started = performance.now();
  while (steps < 1 || performance.now() - started < seconds * 1000) {
    await step();
    steps++;
  }
  return (steps * perStep) / ((performance.now() - started) / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Interleaves the contenders round by round and keeps each one's median, so that load from other
 * processes (this machine is shared) hits both alike and the ratio stays meaningful.
 */
async function compare(
  steps: Record<string, () => Promise<unknown>>,
  perStep: number,
  rounds: number,
  seconds: number,
): Promise<Record<string, number>> {
  for (const step of Object.values(steps)) await step(); // warm-up
  const rates: Record<string, number[]> = Object.fromEntries(Object.keys(steps).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++)
    for (const [name, step] of Object.entries(steps)) rates[name].push(await rate(step, perStep, seconds));
  return Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, median(v)]));
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "cognate-bench-"));
  const log = (s: string) => console.log(s);
  try {
    const sentences = stsSentences();
    let t0 = performance.now();
    const vocab = trainWordPiece(sentences, { vocabSize: MINILM_L6_SHAPE.vocab_size });
    log(
      `WordPiece: ${sentences.length} sentences → ${vocab.length} tokens in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const config = bertConfig({ ...MINILM_L6_SHAPE });
    const weights = randomBertWeights(config, 1);
    const modelDir = saveModelFolder(path.join(dir, "minilm-shaped"), {
      config,
      weights,
      tokenizer: { vocab },
      pooling: { mode: "mean", normalize: true },
    });
    t0 = performance.now();
    const embedder = await OnnxEmbedder.load(modelDir, { precision: "fp32" });
    log(`ONNX export + session: ${((performance.now() - t0) / 1000).toFixed(1)} s, ${availableParallelism()} threads`);
    t0 = performance.now();
    const int8 = await OnnxEmbedder.load(modelDir, { precision: "int8" });
    log(`ONNX int8 export + session: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    t0 = performance.now();
    let choice = "";
    const product = await OnnxEmbedder.load(modelDir, { log: (line) => (choice = line) });
    log(
      `embedder as the product loads it (precision auto, agreement check): ${((performance.now() - t0) / 1000).toFixed(1)} s\n  ${choice}`,
    );

    const batch = paddedBatch(config.vocab_size);
    const backend = await initBackend();
    const encoder = new BertEncoder(config, weights);
    const inputs = {
      inputIds: tf.tensor2d(Int32Array.from(batch.inputIds, Number), [BATCH, SEQ], "int32"),
      attentionMask: tf.tensor2d(Int32Array.from(batch.attentionMask, Number), [BATCH, SEQ], "int32"),
    };
    const tfStep = async () => {
      const out = tf.tidy(() => sentenceEmbedding(encoder, inputs));
      const data = (await out.data()) as Float32Array;
      out.dispose();
      return data;
    };
    const tokenizer = await loadTokenizer(modelDir);
    const matched = lengthMatchedTexts(sentences, tokenizer);
    const loadBefore = loadavg()[0];
    const steps = {
      onnx: () => embedder.embedBatch(batch),
      int8: () => int8.embedBatch(batch),
      embed: () => product.embed(matched),
      tfjs: tfStep,
    };
    const rates = await compare(steps, BATCH, rounds, seconds);
    const [onnx, tfRate] = [rates.onnx, rates.tfjs];
    const diff = maxAbsDiff(await tfStep(), await embedder.embedBatch(batch));
    const dev = stsSentences(["dev"]);
    const agreement = embeddingAgreement(await embedder.embed(dev), await int8.embed(dev), config.hidden_size);

    const texts = sentences.slice(0, 4096);
    let offset = 0;
    const tokRate = await rate(
      () => {
        tokenizer.encode(texts.slice(offset, offset + BATCH), { maxLength: 128 });
        offset = (offset + BATCH) % (texts.length - BATCH);
      },
      BATCH,
      seconds,
    );
    t0 = performance.now();
    await product.embed(texts.slice(0, 2048));
    const pipeline = 2048 / ((performance.now() - t0) / 1000);

    log(
      `\nbatch ${BATCH} × sequence ${SEQ} (25% padding), MiniLM-L6 shape, random weights; median of ${rounds} interleaved rounds`,
    );
    log(
      `  load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after, on ${availableParallelism()} cores (others' work slows both contenders)`,
    );
    log(`  ONNX (onnxruntime-node)     ${onnx.toFixed(1)} sentences/s`);
    log(`  TF.js (${backend})${" ".repeat(Math.max(1, 19 - backend.length))}${tfRate.toFixed(1)} sentences/s`);
    log(`  ratio ONNX / TF.js          ${(onnx / tfRate).toFixed(2)}×`);
    log(`  max |ONNX − TF.js|          ${diff.toExponential(2)} (must be ≤ 1e-4)`);
    log(
      `  vs PyTorch 1.13 (${PYTORCH_BASELINE}/s)     ONNX ${(onnx / PYTORCH_BASELINE).toFixed(2)}×; target ≥ ${ONNX_TARGET}/s: ${onnx >= ONNX_TARGET ? "met" : "NOT met"}`,
    );
    log(
      `  ONNX int8 (model_quantized) ${rates.int8.toFixed(1)} sentences/s, ${(rates.int8 / PYTORCH_BASELINE).toFixed(2)}× PyTorch, ${(rates.int8 / onnx).toFixed(2)}× fp32`,
    );
    log(
      `  embed() as served (${product.precision}, same 16…32-token lengths, length batches) ${rates.embed.toFixed(1)} sentences/s, ${(rates.embed / PYTORCH_BASELINE).toFixed(2)}× PyTorch; target ≥ ${ONNX_TARGET}/s: ${rates.embed >= ONNX_TARGET ? "met" : "NOT met"}`,
    );
    log(
      `  int8 vs fp32 on ${dev.length} STS-B dev sentences: mean cosine ${agreement.meanCosine.toFixed(5)}, min ${agreement.minCosine.toFixed(5)} (random weights: all sentences embed alike, so this says little)`,
    );
    log(`tokenizer (batches of ${BATCH}, STS-B)   ${tokRate.toFixed(0)} sentences/s`);
    log(
      `embed() on 2,048 STS-B sentences (tokenise, length buckets, ONNX ${product.precision}): ${pipeline.toFixed(1)} sentences/s`,
    );
    encoder.dispose();
    tf.dispose(inputs);
    await Promise.all([embedder.dispose(), int8.dispose(), product.dispose()]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
