import { STOP_WORDS } from "../text/stop-words";

/**
 * A crude suffix-stripping stem, enough to match "telescopes" with "telescope", "orbiting" with
 * "orbit" and "studies" with "study". A final "e" is dropped so that "make" meets "making".
 */
export function stem(word: string): string {
  let w = word.toLowerCase();
  if (w.length > 4 && /(ies|ied)$/.test(w)) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(s|x|z|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else {
    const suffix = ["ingly", "edly", "ing", "ed", "ly", "s"].find((x) => w.endsWith(x) && w.length - x.length >= 3 && !(x === "s" && w.endsWith("ss")));
    if (suffix) w = w.slice(0, -suffix.length);
  }
  return w.length > 3 && w.endsWith("e") ? w.slice(0, -1) : w;
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * The query's words that also occur in `text` (compared by stem, stop words ignored) and the
 * [start, end) ranges where they occur, for highlighting dense hits that BM25 did not mark.
 */
export function sharedTerms(query: string, text: string): { terms: string[]; ranges: [number, number][] } {
  const wanted = new Map<string, string>();
  for (const m of query.matchAll(WORD)) {
    const word = m[0].toLowerCase();
    if (!STOP_WORDS.has(word)) wanted.set(stem(word), word);
  }
  const found = new Set<string>();
  const ranges: [number, number][] = [];
  for (const m of text.matchAll(WORD)) {
    const key = stem(m[0]);
    if (!wanted.has(key) || STOP_WORDS.has(m[0].toLowerCase())) continue;
    found.add(wanted.get(key)!);
    ranges.push([m.index!, m.index! + m[0].length]);
  }
  return { terms: [...found], ranges };
}
