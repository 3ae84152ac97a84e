import type { WeightedSource } from "@/lib/train/pairs/batch-sampler";
import { columnPairs, neighbourPairs, titlePassagePairs, type TrainingDocument } from "@/lib/train/pairs/corpus-pairs";
import type { PairFile } from "@/lib/train/pairs/pair-file";
import { corpusTexts, planSources } from "@/lib/train/pairs/source-plan";
import type { PairExample, ScoredExample } from "@/lib/train/pairs/training-example";
import { exampleTexts } from "@/lib/train/pairs/training-example";
import {
  clusteringSet,
  sentenceRetrievalSet,
  holdOutCount,
  retrievalSet,
  splitHoldOut,
  stsSet,
  type EvalSets,
} from "@/lib/train/trainer/eval-sets";
import type { TrainerOptions } from "@/lib/train/trainer/trainer-options";

/** What a run trains on and evaluates with, decided before any model is loaded. */
export interface RunPlan {
  sources: WeightedSource[];
  /** Why each source was chosen or skipped, for the log. */
  reasons: string[];
  evalSets: EvalSets;
  /** Texts that negatives are drawn from (corpus passages, or the pair file's texts). */
  pool: string[];
  /** Every training text, for a scratch vocabulary and its warm start. */
  texts: string[];
  totalSteps: number;
}

/** Default steps: `epochs` passes over all examples, at least 20, at most 2000 (set `steps` for longer runs). */
function defaultSteps(sources: readonly WeightedSource[], options: TrainerOptions): number {
  const examples = sources.reduce((n, s) => n + s.source.size, 0);
  return Math.min(2000, Math.max(20, Math.ceil((options.epochs * examples) / options.batchSize)));
}

/** Held-out pairs of the documents, built like the training pairs of the chosen sources. */
function documentEvalPairs(
  held: readonly TrainingDocument[],
  sourceNames: readonly string[],
  options: TrainerOptions,
): PairExample[] {
  if (sourceNames.includes("columns") && options.columns) {
    const pairs = columnPairs(held, options.columns[0], options.columns[1]);
    if (pairs.length >= 2) return pairs;
  }
  if (sourceNames.includes("title")) {
    // One pair per document: its title and first passage.
    const pairs = titlePassagePairs(held.map((d) => ({ ...d, passages: d.passages.slice(0, 1) })));
    if (pairs.length >= 2) return pairs;
  }
  if (sourceNames.includes("neighbours")) {
    const pairs = neighbourPairs(held);
    if (pairs.length >= 2) return pairs;
  }
  return [];
}

function fileEvalSets(file: PairFile, options: TrainerOptions): { train: PairFile; sets: EvalSets } {
  const count = holdOutCount(file.examples.length, options.evalFraction, options.evalMaxPairs);
  const { train, held } = splitHoldOut(file.examples, count, options.seed, "file");
  if (held.length === 0) return { train: file, sets: {} };
  const sets: EvalSets =
    file.shape === "scored"
      ? { sts: stsSet(held as ScoredExample[]) }
      : {
          retrieval: retrievalSet(
            held as PairExample[],
            [...new Set(train.map((e) => (e.kind === "pair" ? e.positive : e.b)))].slice(0, 1000),
          ),
        };
  return { train: { ...file, examples: train }, sets };
}

/**
 * Decides a run's data: held-out evaluation sets (an STS file when given; else a share of
 * the pair file; else a share of the documents, evaluated as retrieval with pairs built
 * like the training pairs, or augmented views of passages), the pair sources over the rest,
 * the negative pool and the number of steps.
 */
export function planRun(input: {
  documents: readonly TrainingDocument[];
  pairFile?: PairFile;
  evalPairs?: PairFile;
  options: TrainerOptions;
}): RunPlan {
  const { options } = input;
  let documents = input.documents;
  let pairFile = input.pairFile;
  let sets: EvalSets = {};
  // A given STS file replaces the held-out share of a scored file (no need to train on less).
  if (pairFile && !(input.evalPairs && pairFile.shape === "scored"))
    ({ train: pairFile, sets } = fileEvalSets(pairFile, options));
  let heldDocs: TrainingDocument[] = [];
  if (!pairFile && !input.evalPairs) {
    const split = splitHoldOut(
      documents,
      holdOutCount(documents.length, options.evalFraction, options.evalMaxPairs),
      options.seed,
      "documents",
    );
    [documents, heldDocs] = [split.train, split.held];
  }
  const plan = planSources({
    documents,
    pairFile,
    sources: options.sources,
    columns: options.columns,
    positiveThreshold: options.positiveThreshold,
    weights: options.sourceWeights,
    seed: options.seed,
  });
  if (heldDocs.length > 0) {
    const distractors = corpusTexts(documents).slice(0, 1000);
    const pairs = documentEvalPairs(
      heldDocs,
      plan.sources.map((s) => s.source.name),
      options,
    );
    sets.retrieval =
      pairs.length >= 2
        ? retrievalSet(pairs, distractors)
        : sentenceRetrievalSet(corpusTexts(heldDocs).slice(0, options.evalMaxPairs), distractors, options.seed);
  }
  if (input.evalPairs) {
    if (input.evalPairs.shape !== "scored")
      throw new Error("the evaluation pairs must be scored (sentence1, sentence2, score) for an STS evaluation");
    sets = { ...sets, sts: stsSet(input.evalPairs.examples as ScoredExample[]) };
  }
  if (options.evalLabelColumn) {
    const clustering = clusteringSet(input.documents, options.evalLabelColumn, 1000, options.seed);
    if (!clustering)
      throw new Error(
        `no two documents have different values in the metadata column "${options.evalLabelColumn}": pick a column that holds class labels`,
      );
    sets.clustering = clustering;
  }
  const fileTexts = pairFile ? [...new Set(pairFile.examples.flatMap(exampleTexts))] : [];
  const passages = corpusTexts(input.documents);
  return {
    sources: plan.sources,
    reasons: plan.reasons,
    evalSets: sets,
    pool: passages.length > 0 ? corpusTexts(documents) : fileTexts,
    texts: [...new Set([...passages, ...fileTexts])],
    totalSteps: options.steps ?? defaultSteps(plan.sources, options),
  };
}
