import type { TrainingDocument } from "@/lib/train/pairs/corpus-pairs";
import { augmentedViews } from "@/lib/train/pairs/augmentation";
import { derivedRandom, shuffledIndices } from "@/lib/train/pairs/derive-seed";
import type { PairExample, ScoredExample } from "@/lib/train/pairs/training-example";
import { sentenceSpans } from "@/lib/text/sentence-spans";

/** Held-out data the trainer evaluates on, as texts. */
export interface EvalSets {
  /** Graded pairs: Spearman of cosine against gold. */
  sts?: { a: string[]; b: string[]; gold: number[] };
  /** Queries and a corpus with judgements: nDCG@10, MRR@10, recall. */
  retrieval?: { queries: string[]; corpus: string[]; relevant: number[][] };
  /** Texts with class labels: k-means with k = classes, NMI and ARI. */
  clustering?: { texts: string[]; labels: string[] };
}

/** How many of `n` items to hold out: `fraction` of them, at most `max`, none when too few to spare. */
export function holdOutCount(n: number, fraction: number, max: number): number {
  if (n < 10 || fraction <= 0 || max <= 0) return 0;
  return Math.max(2, Math.min(max, Math.floor(n * fraction)));
}

/** Splits items into (train, held out) by a seeded shuffle. */
export function splitHoldOut<T>(
  items: readonly T[],
  count: number,
  seed: number,
  label: string,
): { train: T[]; held: T[] } {
  if (count <= 0) return { train: [...items], held: [] };
  const order = shuffledIndices(items.length, derivedRandom(seed, "holdout", label));
  const held = new Set(order.slice(0, count));
  return { train: items.filter((_, i) => !held.has(i)), held: items.filter((_, i) => held.has(i)) };
}

/** An STS set from scored pairs. */
export function stsSet(pairs: readonly ScoredExample[]): EvalSets["sts"] {
  return { a: pairs.map((p) => p.a), b: pairs.map((p) => p.b), gold: pairs.map((p) => p.score) };
}

/**
 * A retrieval set from held-out pairs: each anchor is a query whose relevant document is its
 * positive; `distractors` (other corpus texts) make the search harder. Duplicate positives
 * are merged so that every query's relevant text appears once.
 */
export function retrievalSet(
  pairs: readonly PairExample[],
  distractors: readonly string[] = [],
): EvalSets["retrieval"] {
  const corpus: string[] = [];
  const index = new Map<string, number>();
  const add = (text: string) => {
    let i = index.get(text);
    if (i === undefined) {
      i = corpus.length;
      corpus.push(text);
      index.set(text, i);
    }
    return i;
  };
  const relevant = pairs.map((p) => [add(p.positive)]);
  for (const d of distractors) add(d);
  return { queries: pairs.map((p) => p.anchor), corpus, relevant };
}

/**
 * Queries that are sentences taken out of held-out passages, each relevant to the rest of its
 * passage (with the sentence removed, so no query matches its text verbatim): finding it takes
 * what the passage is about, not the same words. Passages of one sentence give an augmented view
 * instead (a span crop with words dropped).
 */
export function sentenceRetrievalSet(
  passages: readonly string[],
  distractors: readonly string[],
  seed: number,
): EvalSets["retrieval"] {
  const pairs = passages.map((p, i): PairExample => {
    const spans = sentenceSpans(p, 0, p.length).filter(([a, b]) => b - a >= 20);
    if (spans.length < 2)
      return { kind: "pair", anchor: augmentedViews(p, derivedRandom(seed, "eval-query", i))[0], positive: p };
    const [a, b] = spans[Math.floor(derivedRandom(seed, "eval-sentence", i)() * spans.length)];
    return {
      kind: "pair",
      anchor: p.slice(a, b),
      positive: `${p.slice(0, a)}${p.slice(b)}`.replace(/\s+/g, " ").trim(),
    };
  });
  return retrievalSet(pairs, distractors);
}

/** A clustering set: one text per document (its first passage) labelled by a metadata column; at most `max`. */
export function clusteringSet(
  documents: readonly TrainingDocument[],
  column: string,
  max: number,
  seed: number,
): EvalSets["clustering"] {
  const labelled = documents.filter(
    (d) =>
      d.passages.length > 0 &&
      d.metadata[column] !== undefined &&
      d.metadata[column] !== null &&
      d.metadata[column] !== "",
  );
  const { held } = splitHoldOut(labelled, Math.min(max, labelled.length), seed, "clustering");
  if (new Set(held.map((d) => String(d.metadata[column]))).size < 2) return undefined;
  return { texts: held.map((d) => d.passages[0].text), labels: held.map((d) => String(d.metadata[column])) };
}
