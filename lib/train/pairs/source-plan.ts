import {
  columnPairs,
  describeCorpus,
  neighbourPairs,
  titlePassagePairs,
  type TrainingDocument,
} from "@/lib/train/pairs/corpus-pairs";
import type { WeightedSource } from "@/lib/train/pairs/batch-sampler";
import type { PairFile } from "@/lib/train/pairs/pair-file";
import { augmentationSource, listSource, simcseSource } from "@/lib/train/pairs/pair-source";
import type { PairExample, ScoredExample, TrainingExample } from "@/lib/train/pairs/training-example";

/** The pair sources a user can ask for by name. */
export const SOURCE_NAMES = ["file", "title", "columns", "neighbours", "simcse", "augment"] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

/** What to build sources from, and which. */
export interface SourcePlanInput {
  /** The corpus's documents (may be empty when training on a pair file alone). */
  documents: readonly TrainingDocument[];
  /** An uploaded pair file, already parsed. */
  pairFile?: PairFile;
  /** Sources to use; default: chosen from what the corpus and the file offer ({@link planSources}). */
  sources?: readonly SourceName[];
  /** The two columns of the `columns` source (metadata keys, or `title` / `text`). */
  columns?: readonly [string, string];
  /**
   * Scored pairs at or above this share of the file's score range also train as positive
   * pairs under the pair loss (InfoNCE on STS pairs scored ≥ 4 of 5). Default 0.8; 1.01 turns it off.
   */
  positiveThreshold?: number;
  /** Weights by source name, for weighted mixing. */
  weights?: Partial<Record<string, number>>;
  seed: number;
}

/** The chosen sources and why, for the training log. */
export interface SourcePlan {
  sources: WeightedSource[];
  reasons: string[];
}

/** Scores rescaled to [0, 1] by the file's range: CoSENT sees only their order; margin needs labels in [0, 1]. */
function normalizeScores(examples: readonly ScoredExample[]): ScoredExample[] {
  const scores = examples.map((e) => e.score);
  const low = Math.min(0, ...scores);
  const high = Math.max(...scores);
  const span = high - low || 1;
  return examples.map((e) => ({ ...e, score: (e.score - low) / span }));
}

function fileSources(file: PairFile, threshold: number): { sources: WeightedSource[]; reason: string } {
  if (file.shape !== "scored") {
    return {
      sources: [{ source: listSource("file", file.examples) }],
      reason: `${file.examples.length} uploaded ${file.shape}`,
    };
  }
  const scored = normalizeScores(file.examples as ScoredExample[]);
  const positives = scored
    .filter((e) => e.score >= threshold && e.a !== e.b)
    .map((e): PairExample => ({ kind: "pair", anchor: e.a, positive: e.b }));
  const sources: WeightedSource[] = [{ source: listSource("file-scored", scored) }];
  if (positives.length >= 2) sources.push({ source: listSource("file-positives", positives) });
  return {
    sources,
    reason: `${scored.length} uploaded scored pairs (CoSENT), ${positives.length} of them scored high enough to serve as positives (pair loss)`,
  };
}

/** Unique passage texts of the corpus, in document order. */
export function corpusTexts(documents: readonly TrainingDocument[]): string[] {
  return [...new Set(documents.flatMap((d) => d.passages.map((p) => p.text)))];
}

/** The sources a corpus supports on its own, when nothing is asked for. */
function defaultCorpusSources(
  documents: readonly TrainingDocument[],
  columns?: readonly [string, string],
): SourceName[] {
  const shape = describeCorpus(documents);
  const chosen: SourceName[] = [];
  if (columns) chosen.push("columns");
  if (shape.documents >= 2 && shape.informativeTitles * 2 >= shape.documents) chosen.push("title");
  if (shape.multiPassageDocuments * 10 >= shape.documents * 3 && shape.passages >= 4) chosen.push("neighbours");
  return chosen.length > 0 ? chosen : ["simcse", "augment"];
}

function buildOne(
  name: SourceName,
  input: SourcePlanInput,
  texts: string[],
): { examples?: TrainingExample[]; source?: WeightedSource } {
  switch (name) {
    case "title":
      return { examples: titlePassagePairs(input.documents) };
    case "columns":
      if (!input.columns)
        throw new Error('the "columns" pair source needs two columns: pass columns (e.g. question and answer)');
      return { examples: columnPairs(input.documents, input.columns[0], input.columns[1]) };
    case "neighbours":
      return { examples: neighbourPairs(input.documents) };
    case "simcse":
      return { source: { source: simcseSource("simcse", texts) } };
    case "augment":
      return { source: { source: augmentationSource("augment", texts, input.seed) } };
    case "file":
      throw new Error("unreachable");
  }
}

/**
 * Builds the pair sources. With a pair file and no explicit list: the file alone (scored
 * files give a CoSENT source plus a positives source, see `positiveThreshold`). Without a
 * file: title ↔ passage when at least half the titles are informative (not file names),
 * chosen columns when given, neighbouring passages when ≥ 30 % of documents have several
 * passages, else SimCSE plus augmentation (span crops with word dropout). Sources with
 * fewer than two examples are left out.
 * @throws when no source has two examples (nothing to train on)
 */
export function planSources(input: SourcePlanInput): SourcePlan {
  const texts = corpusTexts(input.documents);
  const names =
    input.sources ?? (input.pairFile ? ["file" as const] : defaultCorpusSources(input.documents, input.columns));
  const plan: SourcePlan = { sources: [], reasons: [] };
  for (const name of names) {
    if (name === "file") {
      if (!input.pairFile) throw new Error('the "file" pair source needs a pair file: pass --pairs FILE');
      const built = fileSources(input.pairFile, input.positiveThreshold ?? 0.8);
      plan.sources.push(...built.sources);
      plan.reasons.push(built.reason);
      continue;
    }
    const built = buildOne(name, input, texts);
    const source = built.source ?? { source: listSource(name, built.examples!) };
    if (source.source.size < 2) {
      plan.reasons.push(`${name}: skipped, only ${source.source.size} example(s)`);
      continue;
    }
    plan.sources.push(source);
    plan.reasons.push(`${name}: ${source.source.size} examples`);
  }
  for (const s of plan.sources) s.weight = input.weights?.[s.source.name] ?? s.weight ?? 1;
  if (plan.sources.length === 0) {
    throw new Error(
      `no pair source has two examples (${plan.reasons.join("; ")}): upload more documents or a pair file`,
    );
  }
  return plan;
}
