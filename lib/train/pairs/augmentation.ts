/**
 * Text augmentations for self-supervised pairs (pure, driven by a seeded generator):
 * two random views of one passage are a positive pair, as in DeCLUTR (span cropping) and
 * EDA-style word dropout. Views share meaning but not surface form, which is what a
 * lexical shortcut cannot match.
 */
import { joinUnits, textUnits } from "@/lib/text/segment-words";

export interface SpanCropOptions {
  /** Shortest span as a share of the words. Default 0.3. */
  minFraction?: number;
  /** Longest span as a share of the words. Default 0.8. */
  maxFraction?: number;
  /** Texts with fewer words are returned whole. Default 6. */
  minWords?: number;
}

/** Word units of the text (lib/text/segment-words): words apart in any script, Chinese segmented by the dictionary. */
const words = (text: string) => textUnits(text);

/** A contiguous run of the text's words, its length a random share of the whole. */
export function spanCrop(text: string, random: () => number, options: SpanCropOptions = {}): string {
  const { minFraction = 0.3, maxFraction = 0.8, minWords = 6 } = options;
  const all = words(text);
  if (all.length < minWords) return joinUnits(all);
  const fraction = minFraction + random() * (maxFraction - minFraction);
  const length = Math.max(minWords >> 1, Math.round(all.length * fraction));
  const start = Math.floor(random() * (all.length - length + 1));
  return joinUnits(all.slice(start, start + length));
}

/** Drops each word with probability `rate`, keeping at least one. */
export function wordDropout(text: string, random: () => number, rate = 0.1): string {
  const all = words(text);
  const kept = all.filter(() => random() >= rate);
  return joinUnits(kept.length > 0 ? kept : all.slice(0, 1));
}

/**
 * Two views of one text: independent span crops, each with word dropout. When both views
 * come out identical (a short text), the second keeps the whole text so that the pair is
 * never one text twice (SimCSE covers that case on purpose).
 */
export function augmentedViews(text: string, random: () => number, dropoutRate = 0.1): [string, string] {
  const first = wordDropout(spanCrop(text, random), random, dropoutRate);
  const second = wordDropout(spanCrop(text, random), random, dropoutRate);
  return [first, second === first ? joinUnits(words(text)) : second];
}
