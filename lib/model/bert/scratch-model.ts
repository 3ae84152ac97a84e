import { bertConfig, type BertConfig } from "@/lib/model/bert/bert-config";
import { saveModelFolder } from "@/lib/model/store/model-folder";
import { randomBertWeights } from "@/lib/model/bert/random-weights";
import { trainWordPiece } from "@/lib/model/tokenizer/wordpiece-trainer";

/** The compact encoder that a scratch model starts as (DESIGN.md: "a compact BERT-style encoder"). */
export const SCRATCH_SHAPE: Partial<BertConfig> = {
  hidden_size: 256,
  num_hidden_layers: 4,
  num_attention_heads: 4,
  intermediate_size: 1024,
  max_position_embeddings: 512,
};

/** Options of {@link createScratchModel}. */
export interface ScratchModelOptions {
  /** The corpus whose WordPiece vocabulary the model gets. */
  texts: Iterable<string>;
  /** Target vocabulary size; the corpus may support fewer tokens. Default 8000. */
  vocabSize?: number;
  /** Overrides of {@link SCRATCH_SHAPE}; `vocab_size` always follows the learnt vocabulary. */
  shape?: Partial<BertConfig>;
  seed?: number;
  /** Pair frequency below which WordPiece does not merge; default 2. */
  minFrequency?: number;
}

/**
 * Learns a WordPiece vocabulary from `texts` and writes a randomly initialised BERT model folder
 * (mean pooling + Normalize) at `dir`, ready for contrastive training.
 * @returns the folder and its config
 */
export async function createScratchModel(
  dir: string,
  options: ScratchModelOptions,
): Promise<{ dir: string; config: BertConfig }> {
  const { texts, vocabSize = 8000, shape = {}, seed = 42, minFrequency = 2 } = options;
  const vocab = trainWordPiece(texts, { vocabSize, minFrequency });
  if (vocab.length <= 5)
    throw new Error("the corpus has no text to learn a vocabulary from: upload documents before training from scratch");
  const config = bertConfig({
    ...SCRATCH_SHAPE,
    ...shape,
    hidden_size: shape.hidden_size ?? SCRATCH_SHAPE.hidden_size!,
    vocab_size: vocab.length,
  });
  if (config.hidden_size % config.num_attention_heads !== 0) {
    throw new Error(
      `hidden_size ${config.hidden_size} is not a multiple of num_attention_heads ${config.num_attention_heads}: pick sizes that divide`,
    );
  }
  const weights = randomBertWeights(config, seed);
  const saved = saveModelFolder(dir, {
    config,
    weights,
    tokenizer: { vocab, lowercase: true },
    pooling: { mode: "mean", normalize: true },
  });
  return { dir: saved, config };
}
