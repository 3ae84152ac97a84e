import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { loadModelFolder, saveModelFolder } from "@/lib/model/model-folder";
import { createScratchModel } from "@/lib/model/scratch-model";
import { loadTokenizer } from "@/lib/model/tokenizer";
import { applyWarmStart, corpusEmbeddingTable, idfSinkTable } from "@/lib/train/warm-start/embedding-warm-start";
import type { TrainerOptions } from "./trainer-options";

/**
 * Creates the starting point of a scratch model at `dir`, once: a WordPiece vocabulary
 * learnt from `texts`, a compact BERT, and (by default) word embeddings warm-started from
 * the corpus's own statistics with the residual branches zeroed, so that training starts
 * from an IDF-weighted bag of words (about word TF-IDF's quality) rather than noise; with
 * `sinkDims: 0`, from a plain bag of PPMI + SVD word vectors. The folder appears
 * only when complete; a resumed run finds it and reuses it.
 * @returns `dir`
 */
export async function prepareScratchBase(dir: string, texts: readonly string[], options: TrainerOptions, log: (line: string) => void = () => {}): Promise<string> {
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
  log(`scratch model: vocabulary of ${config.vocab_size} WordPiece tokens, ${config.num_hidden_layers} layers, hidden ${config.hidden_size} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  const folder = loadModelFolder(building);
  let weights = folder.weights;
  if (scratch.warmStart) {
    const t0 = performance.now();
    const tokenizer = await loadTokenizer(building);
    const sequences = texts.map((t) => tokenizer.ids(t, 512));
    // [PAD] [UNK] [CLS] [SEP] [MASK] are ids 0–4 in a Cognate vocabulary: not words.
    // The rows' scale sets how fast training moves them (Adam steps by about the learning rate
    // whatever a weight's size; LayerNorm right after the lookup hides the scale otherwise). On
    // STS-B a mean row norm of 1 did better than √hidden, which kept the statistics longer.
    const ignore = new Set([0, 1, 2, 3, 4]);
    const sinkDims = scratch.sinkDims ?? Math.round(config.hidden_size / 8);
    const meaningDims = config.hidden_size - sinkDims;
    const corpus = sinkDims === 0 || scratch.corpusShare > 0 ? corpusEmbeddingTable(sequences, config.vocab_size, meaningDims, { seed, rowNorm: scratch.warmStartScale, ignore }) : undefined;
    const table =
      sinkDims === 0
        ? corpus!
        : idfSinkTable(sequences, config.vocab_size, config.hidden_size, corpus, { sinkDims, idfPower: scratch.idfPower, corpusShare: scratch.corpusShare, rowNorm: scratch.warmStartScale, ignore, seed });
    weights = applyWarmStart(config, weights, table, { zeroResidualBranches: scratch.zeroResidual, sinkDims });
    const covered = table.covered.reduce((n, c) => n + c, 0);
    const what = sinkDims === 0 ? "PPMI (±5 tokens) + SVD word vectors" : `IDF-weighted rows (${sinkDims} sink dimensions${scratch.corpusShare > 0 ? `, ${Math.round(scratch.corpusShare * 100)}% PPMI + SVD` : ""})`;
    log(`warm start: ${what} for ${covered} of ${config.vocab_size} tokens (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  saveModelFolder(dir, { config, weights, tokenizer: { copyFrom: building }, pooling: folder.pooling });
  rmSync(building, { recursive: true, force: true });
  return dir;
}
