import type { TrainingDocument } from "@/lib/train/pairs/corpus-pairs";
import type { PairFile } from "@/lib/train/pairs/pair-file";
import { exampleTexts } from "@/lib/train/pairs/training-example";
import type { TrainerOptionsInput } from "@/lib/train/trainer/trainer-options";
import { estimatedTokens } from "@/lib/text/estimate-tokens";

/** What the recipe is chosen from: the data and the kind of base. */
export interface RecipeInput {
  documents: readonly TrainingDocument[];
  pairFile?: PairFile;
  /** A scratch model is built and warm-started on the corpus; a folder is a pretrained encoder. */
  base: "scratch" | "pretrained";
  /** The options the user gave; each one given wins over the recipe. */
  given?: TrainerOptionsInput;
  /** The longest input the base encoder has positions for (`max_position_embeddings`); no cap when unknown. */
  maxPositions?: number;
}

/** The options a run uses (the given ones over the recipe's) and one line of reason per choice. */
export interface Recipe {
  options: TrainerOptionsInput;
  reasons: string[];
}

/** A 10,000-text corpus trains in at most this long on 2 cores (the ceiling of the default budget). */
const MAX_DEFAULT_MINUTES = 15;
const MIN_DEFAULT_MINUTES = 3;

/** The distinct texts a run can learn from: passages and the pair file's texts. */
function trainingTexts(input: RecipeInput): string[] {
  const passages = input.documents.flatMap((d) => d.passages.map((p) => p.text));
  const fileTexts = input.pairFile ? input.pairFile.examples.flatMap(exampleTexts) : [];
  return [...new Set([...passages, ...fileTexts])];
}

/** The 95th percentile of the texts' token estimates (a sample of at most 5,000 texts). */
function longTextTokens(texts: readonly string[]): number {
  const step = Math.max(1, Math.floor(texts.length / 5000));
  const lengths = texts
    .filter((_, i) => i % step === 0)
    .map(estimatedTokens)
    .sort((a, b) => a - b);
  return lengths.length ? lengths[Math.min(lengths.length - 1, Math.floor(lengths.length * 0.95))] : 0;
}

/**
 * Chooses a training recipe from what the corpus has, for every entry point that gives no
 * options (the automatic run, the API with `{}`, `cli train` without flags). Every option given
 * explicitly wins; every choice made here comes with its reason, for the log and the model page.
 * The warm start's mix of corpus statistics and lexical directions is chosen later, on held-out
 * data (see `prepareScratchBase`), and the steps are fitted to the time budget once the speed
 * of a step is measured (see `runTraining`).
 */
export function chooseRecipe(input: RecipeInput): Recipe {
  const given = input.given ?? {};
  const texts = trainingTexts(input);
  const reasons: string[] = [];
  const out: TrainerOptionsInput = {};
  const choose = <K extends keyof TrainerOptionsInput>(key: K, value: TrainerOptionsInput[K], reason: string) => {
    if (given[key] !== undefined) return;
    out[key] = value;
    reasons.push(reason);
  };
  const minutes = Math.round(
    Math.min(MAX_DEFAULT_MINUTES, Math.max(MIN_DEFAULT_MINUTES, (MAX_DEFAULT_MINUTES * texts.length) / 10_000)),
  );
  // Given steps are the user's measure of the run: no default budget cuts them short.
  if (given.steps === undefined)
    choose(
      "budgetMinutes",
      minutes,
      `time budget ${minutes} min: ${MAX_DEFAULT_MINUTES} min per 10,000 texts (${texts.length.toLocaleString("en")} here), at least ${MIN_DEFAULT_MINUTES}, at most ${MAX_DEFAULT_MINUTES}`,
    );
  const long = longTextTokens(texts);
  const wanted = long <= 56 ? 64 : long <= 120 ? 128 : 256;
  const maxLength = Math.min(wanted, input.maxPositions ?? wanted);
  choose(
    "maxLength",
    maxLength,
    `max length ${maxLength} tokens: 95% of the texts have at most about ${long}` +
      (maxLength < wanted ? ` (the base encoder has positions for ${maxLength} only)` : ""),
  );
  if (input.base === "scratch") scratchChoices(given, choose);
  else pretrainedChoices(choose);
  choose(
    "mixing",
    "proportional",
    "batches from each pair source in proportion to its size, so every example is seen about equally often",
  );
  return {
    options: {
      ...out,
      ...given,
      ...(out.scratch || given.scratch ? { scratch: { ...out.scratch, ...given.scratch } } : {}),
    },
    reasons,
  };
}

type Choose = <K extends keyof TrainerOptionsInput>(key: K, value: TrainerOptionsInput[K], reason: string) => void;

/** The encoder a scratch model gets when the user names no shape (the reason below says why). */
export const DEFAULT_SCRATCH_ENCODER = { layers: 2, hidden: 256, heads: 4, intermediate: 1024, vocabSize: 12_000 };

function scratchChoices(given: TrainerOptionsInput, choose: Choose): void {
  const shape = given.scratch ?? {};
  if (shape.layers === undefined && shape.hidden === undefined) {
    choose(
      "scratch",
      { ...DEFAULT_SCRATCH_ENCODER, vocabSize: shape.vocabSize ?? DEFAULT_SCRATCH_ENCODER.vocabSize },
      "encoder: 2 layers of hidden size 256 and a WordPiece vocabulary of up to 12,000 tokens learnt from the corpus (on 2 cores, the largest shape that trains several epochs within the budget)",
    );
  }
  choose("lr", 1e-3, "peak learning rate 1e-3: a model trained from scratch needs larger steps than fine-tuning");
  choose("batchSize", 64, "batch of 64 pairs: more in-batch negatives per step");
  choose(
    "epochs",
    8,
    "up to 8 passes over the pairs, fewer when the time budget ends first (the best evaluation is kept)",
  );
}

function pretrainedChoices(choose: Choose): void {
  choose("lr", 2e-5, "peak learning rate 2e-5: fine-tuning a pretrained encoder (the sentence-transformers default)");
  choose("epochs", 1, "one pass over the pairs: a pretrained encoder needs little to adapt");
}
