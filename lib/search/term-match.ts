import { queryWords } from "@/lib/db/queries/lexical-search";
import { hasIdeographs, wordSpans } from "@/lib/text/segment-words";
import { STOP_WORDS } from "@/lib/text/stop-words";

/**
 * A crude suffix-stripping stem, enough to match "telescopes" with "telescope", "orbiting" with
 * "orbit" and "studies" with "study". A final "e" is dropped so that "make" meets "making".
 */
export function stem(word: string): string {
  let w = word.toLowerCase();
  if (w.length > 4 && /(ies|ied)$/.test(w)) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(s|x|z|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else {
    const suffix = ["ingly", "edly", "ing", "ed", "ly", "s"].find(
      (x) => w.endsWith(x) && w.length - x.length >= 3 && !(x === "s" && w.endsWith("ss")),
    );
    if (suffix) w = w.slice(0, -suffix.length);
  }
  return w.length > 3 && w.endsWith("e") ? w.slice(0, -1) : w;
}

/** Every [start, end) where `word` occurs in `text`. */
function occurrences(text: string, word: string): [number, number][] {
  const out: [number, number][] = [];
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + word.length)) out.push([i, i + word.length]);
  return out;
}

/** Ranges sorted and overlapping ones merged, so that a renderer shows each character once. */
function mergeRanges(ranges: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [s, e] of [...ranges].sort((a, b) => a[0] - b[0] || b[1] - a[1])) {
    const last = out[out.length - 1];
    if (last && s < last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/**
 * The query's words that also occur in `text` (compared by stem, stop words ignored) and the
 * [start, end) ranges where they occur, for highlighting dense hits that BM25 did not mark.
 * Words are cut as the keyword search cuts them (lib/text/segment-words): a Chinese or Japanese
 * query word is found wherever its characters stand in a row, as the keyword index finds it.
 */
export function sharedTerms(query: string, text: string): { terms: string[]; ranges: [number, number][] } {
  const wanted = new Map<string, string>();
  const found = new Set<string>();
  const ranges: [number, number][] = [];
  let lower: string | undefined;
  for (const word of queryWords(query)) {
    if (STOP_WORDS.has(word)) continue;
    if (!hasIdeographs(word)) {
      wanted.set(stem(word), word);
      continue;
    }
    const at = occurrences((lower ??= text.toLowerCase()), word);
    if (at.length) found.add(word);
    ranges.push(...at);
  }
  // A vector query or one of stop words only has nothing left to look for in the text.
  if (wanted.size) scanWords(text, wanted, found, ranges);
  // A Chinese part word found inside a found run ("样本" of "负样本") says nothing more.
  const terms = [...found].filter((t) => !hasIdeographs(t) || ![...found].some((o) => o !== t && o.includes(t)));
  return { terms, ranges: mergeRanges(ranges) };
}

/** Adds the words of `text` whose stem is wanted (stem → query word) to `found` and their spans to `ranges`. */
function scanWords(text: string, wanted: Map<string, string>, found: Set<string>, ranges: [number, number][]): void {
  for (const w of wordSpans(text)) {
    if (hasIdeographs(w.word)) continue;
    const key = stem(w.word);
    if (!wanted.has(key) || STOP_WORDS.has(w.word.toLowerCase())) continue;
    found.add(wanted.get(key)!);
    ranges.push([w.start, w.end]);
  }
}
