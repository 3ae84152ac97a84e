import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { loadModelFolder, saveModelFolder } from "@/lib/model/store/model-folder";
import { createScratchModel } from "@/lib/model/bert/scratch-model";
import { loadTokenizer } from "@/lib/model/tokenizer/tokenizer";
import type { BertConfig } from "@/lib/model/bert/bert-config";
import type { Tokenizer } from "@/lib/model/tokenizer/tokenizer";
import {
  applyWarmStart,
  corpusEmbeddingTable,
  idfSinkTable,
  type EmbeddingTable,
} from "@/lib/train/warm-start/embedding-warm-start";
import { BagOfRowsEmbedder, bestStart } from "@/lib/train/warm-start/start-selection";
import type { EvalSets } from "@/lib/train/trainer/eval-sets";
import type { TrainerOptions } from "@/lib/train/trainer/trainer-options";
import { TrainingEvaluator } from "@/lib/train/trainer/training-evaluator";

/** Shares of corpus statistics tried for the warm start, most structure first (ties keep it). */
const CORPUS_SHARES = [0.85, 0.7, 0.5, 0.35, 0.2, 0];
/** The share used when there is no held-out data to choose by: topics and words alike. */
const DEFAULT_SHARE = 0.5;

/**
 * Creates the starting point of a scratch model at `dir`, once: a WordPiece vocabulary
 * learnt from `texts`, a compact BERT, and (by default) word embeddings warm-started from
 * the corpus's own statistics with the residual branches zeroed, so that training starts
 * from an IDF-weighted bag of word vectors rather than noise. Each word vector mixes a random
 * direction (words stay apart, as in TF-IDF: what sentence similarity needs) with its PPMI + SVD
 * vector (words of the same contexts start close, as in LSA: what topics need); unless
 * `scratch.corpusShare` is given, the mix is the one that scores best on the held-out
 * `evalSets` before training. With `sinkDims: 0`, a plain bag of PPMI + SVD word vectors. The
 * folder appears only when complete; a resumed run finds it and reuses it.
 * @returns `dir`
 */
export async function prepareScratchBase(
  dir: string,
  texts: readonly string[],
  options: TrainerOptions,
  log: (line: string) => void = () => {},
  evalSets: EvalSets = {},
): Promise<string> {
  if (existsSync(path.join(dir, "config.json")) && existsSync(path.join(dir, "model.safetensors"))) return dir;
  const { scratch, seed } = options;
  const building = `${dir}.building`;
  rmSync(building, { recursive: true, force: true });
  const shape = {
    ...(scratch.hidden !== undefined ? { hidden_size: scratch.hidden } : {}),
    ...(scratch.layers !== undefined ? { num_hidden_layers: scratch.layers } : {}),
    ...(scratch.heads !== undefined ? { num_attention_heads: scratch.heads } : {}),
    ...(scratch.intermediate !== undefined ? { intermediate_size: scratch.intermediate } : {}),
  };
  const started = performance.now();
  const { config } = await createScratchModel(building, { texts, vocabSize: scratch.vocabSize, shape, seed });
  log(
    `scratch model: vocabulary of ${config.vocab_size} WordPiece tokens, ${config.num_hidden_layers} layers, hidden ${config.hidden_size} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  const folder = loadModelFolder(building);
  let weights = folder.weights;
  if (scratch.warmStart) {
    const t0 = performance.now();
    const tokenizer = await loadTokenizer(building);
    const { table, sinkDims, what } = await warmStartTable(config, tokenizer, texts, options, evalSets, log);
    weights = applyWarmStart(config, weights, table, { zeroResidualBranches: scratch.zeroResidual, sinkDims });
    const covered = table.covered.reduce((n, c) => n + c, 0);
    log(
      `warm start: ${what} for ${covered} of ${config.vocab_size} tokens (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
  }
  saveModelFolder(dir, { config, weights, tokenizer: { copyFrom: building }, pooling: folder.pooling });
  rmSync(building, { recursive: true, force: true });
  return dir;
}

/** The warm-start rows, choosing the share of corpus statistics on held-out data when it is not given. */
async function warmStartTable(
  config: BertConfig,
  tokenizer: Tokenizer,
  texts: readonly string[],
  options: TrainerOptions,
  evalSets: EvalSets,
  log: (line: string) => void,
): Promise<{ table: EmbeddingTable; sinkDims: number; what: string }> {
  const { scratch, seed } = options;
  const sequences = texts.map((t) => tokenizer.ids(t, 512));
  // [PAD] [UNK] [CLS] [SEP] [MASK] are ids 0–4 in a Cognate vocabulary: not words.
  // The rows' scale sets how fast training moves them (Adam steps by about the learning rate
  // whatever a weight's size; LayerNorm right after the lookup hides the scale otherwise). On
  // STS-B a mean row norm of 1 did better than √hidden, which kept the statistics longer.
  const ignore = new Set([0, 1, 2, 3, 4]);
  const H = config.hidden_size;
  const sinkDims = scratch.sinkDims ?? Math.round(H / 8);
  const meaningDims = H - sinkDims;
  const corpus = corpusEmbeddingTable(sequences, config.vocab_size, meaningDims, {
    seed,
    rowNorm: scratch.warmStartScale,
    ignore,
  });
  if (sinkDims === 0) return { table: corpus, sinkDims, what: "PPMI (±5 tokens) + SVD word vectors" };
  const tableFor = (corpusShare: number) =>
    idfSinkTable(sequences, config.vocab_size, H, corpus, {
      sinkDims,
      idfPower: scratch.idfPower,
      corpusShare,
      rowNorm: scratch.warmStartScale,
      ignore,
      seed,
    });
  let share = scratch.corpusShare;
  let why = "as given";
  const evaluator = new TrainingEvaluator(evalSets, tokenizer, options.maxLength, seed);
  if (share === undefined && evaluator.empty) [share, why] = [DEFAULT_SHARE, "no held-out data to choose by"];
  if (share === undefined) {
    const scored: { candidate: number; score: number; primary?: string }[] = [];
    for (const candidate of CORPUS_SHARES) {
      const point = await evaluator.evaluate(new BagOfRowsEmbedder(tableFor(candidate), H, meaningDims), 0);
      scored.push({ candidate, score: point.value, primary: point.primary });
    }
    const best = bestStart(scored);
    const metric = scored[0].primary?.replace(/_/g, " ");
    share = best.candidate;
    why = `best held-out ${metric ?? "score"} before training among ${scored.map((s) => `${Math.round(s.candidate * 100)}% → ${s.score.toFixed(3)}`).join(", ")}`;
  }
  log(
    `warm start: ${Math.round(share * 100)}% corpus statistics (PPMI + SVD), ${Math.round((1 - share) * 100)}% lexical (${why})`,
  );
  return {
    table: tableFor(share),
    sinkDims,
    what: `IDF-weighted rows (${sinkDims} sink dimensions, ${Math.round(share * 100)}% PPMI + SVD)`,
  };
}
