import { words } from "@/lib/text/segment-words";

/**
 * Cheap text identities for deduplication and the false-negative filter: two texts with the
 * same key differ only in case, accents, punctuation and spacing.
 */
export function textKey(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{Mn}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** The distinct lowercase words of a text (letters and digits; Chinese and Japanese cut by the word segmenter), for overlap measures. */
export function wordSet(text: string): Set<string> {
  return new Set(words(textKey(text)));
}

/**
 * Jaccard overlap of two word sets, |A ∩ B| / |A ∪ B|: near 1 only for near-identical
 * texts (a reworded copy, a passage with a line added), unlike the overlap coefficient,
 * which would also flag any passage that contains all the words of a short title.
 * 0 when both are empty.
 */
export function wordOverlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const w of small) if (large.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}
