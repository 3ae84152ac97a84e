import { textKey, wordOverlap, wordSet } from "@/lib/train/negatives/text-key";

/** The rules that keep a text that actually matches the anchor from being used as its negative. */
export interface FalseNegativeRules {
  /** Word-set Jaccard overlap with the anchor or the positive at or above which a candidate is a near-duplicate. Default 0.8. */
  maxOverlap?: number;
  /**
   * Similarity ceiling relative to the positive (NV-Retriever's "TopK-PercPos"): a candidate
   * scoring above `ceiling · s(anchor, positive)` is more likely an unlabelled positive than a
   * negative. Applied only when that positive similarity is above 0. Default 0.95.
   */
  ceiling?: number;
}

/** A text prepared for the filter: its normalised key and word set. */
export interface FilterText {
  key: string;
  words: Set<string>;
}

/** Prepares a text for {@link isFalseNegative}. */
export function filterText(text: string): FilterText {
  return { key: textKey(text), words: wordSet(text) };
}

/** Similarities under the current model, when the caller has embeddings. */
export interface CandidateScores {
  /** s(anchor, candidate) */
  candidate: number;
  /** s(anchor, positive) */
  positive: number;
}

/**
 * Whether `candidate` must not be a negative for the (anchor, positive) pair: it is the same
 * text as either up to case, accents, punctuation and spacing; or it overlaps either by
 * `maxOverlap` of its words; or (given scores) it is nearly as similar to the anchor as the
 * positive is.
 */
export function isFalseNegative(
  candidate: FilterText,
  anchor: FilterText,
  positive: FilterText,
  rules: FalseNegativeRules = {},
  scores?: CandidateScores,
): boolean {
  const { maxOverlap = 0.8, ceiling = 0.95 } = rules;
  if (candidate.key === anchor.key || candidate.key === positive.key) return true;
  if (
    wordOverlap(candidate.words, anchor.words) >= maxOverlap ||
    wordOverlap(candidate.words, positive.words) >= maxOverlap
  )
    return true;
  return scores !== undefined && scores.positive > 0 && scores.candidate > ceiling * scores.positive;
}
