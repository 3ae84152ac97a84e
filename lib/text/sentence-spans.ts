/** A [start, end) range of a string. */
export type Span = readonly [start: number, end: number];

// A run of sentence-final punctuation with any closing quotes or brackets after it.
const TERMINATOR = /[.!?\u2026\u3002\uFF01\uFF1F]+["'\u201D\u2019)\]\u00BB]*/g;
// CJK full stops end a sentence without a following space.
const CJK_FINAL = /[\u3002\uFF01\uFF1F]/;
const WHITESPACE = /\s/;

// Abbreviations that are followed by more of the same sentence (titles before names,
// reference words before numbers, months). Words that often end a sentence ("etc.",
// "Inc.", "Jr.") are left out: a capital letter after them starts a new sentence.
const ABBREVIATIONS = new Set([
  "mr", "mrs", "ms", "mx", "dr", "prof", "rev", "hon", "gen", "col", "capt", "lt", "sgt", "maj",
  "gov", "sen", "rep", "pres", "supt", "st", "mt", "ft", "vs", "cf", "viz", "approx", "dept",
  "est", "fig", "figs", "eq", "eqs", "vol", "vols", "pp", "ch", "chap", "sec", "sect", "para",
  "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "ca",
  "incl", "nr", "ref", "refs", "univ", "assn", "bros",
]);
// Only abbreviations when a number follows ("No. 5", "p. 12"), else ordinary words.
const ABBREVIATIONS_BEFORE_NUMBER = new Set(["no", "nos", "art", "op", "pt", "p"]);
// "e.g", "i.e", "U.S", "Ph.D", "a.m": short letter groups joined by periods.
const DOTTED = /^(?:\p{L}{1,3}\.)+\p{L}{1,3}$/u;

/**
 * Sentences of doc[from, to), trimmed, in order. Every non-whitespace character of the
 * range lies in exactly one span. A sentence ends after . ! ? … (and closing quotes or
 * brackets) followed by whitespace, unless the period belongs to an abbreviation, an
 * initial, a list number at the start of a line, or the next word starts in lower case.
 */
export function sentenceSpans(doc: string, from: number, to: number): Span[] {
  const spans: Span[] = [];
  let start = from;
  // Matching on the slice keeps the scan inside the range: a search on the whole document
  // would run on into later paragraphs whenever this one has no terminator.
  for (const m of doc.slice(from, to).matchAll(TERMINATOR)) {
    const at = from + m.index;
    const end = at + m[0].length;
    if (!endsSentence(doc, m[0], at, end, to)) continue;
    pushTrimmed(doc, start, end, spans);
    start = end;
  }
  pushTrimmed(doc, start, to, spans);
  return spans;
}

function endsSentence(doc: string, punct: string, at: number, end: number, to: number): boolean {
  if (CJK_FINAL.test(punct)) return true;
  if (end < to && !WHITESPACE.test(doc[end])) return false;
  const next = nextWordStart(doc, end, to);
  if (next !== "" && /\p{Ll}/u.test(next)) return false;
  if (!/^\.["'\u201D\u2019)\]\u00BB]*$/.test(punct)) return true;
  return !isAbbreviation(doc, at, next);
}

/** First character of the next word, skipping whitespace and opening quotes or brackets. */
function nextWordStart(doc: string, from: number, to: number): string {
  for (let i = from; i < to; i++) {
    const c = doc[i];
    if (!WHITESPACE.test(c) && !/["'\u201C\u2018([\u00AB]/.test(c)) return c;
  }
  return "";
}

/** Whether the single period at `dot` closes an abbreviation rather than a sentence. */
function isAbbreviation(doc: string, dot: number, next: string): boolean {
  let i = dot;
  while (i > 0 && !WHITESPACE.test(doc[i - 1])) i--;
  const token = doc.slice(i, dot).replace(/^[\p{Ps}\p{Pi}"']+/u, "");
  if (token === "") return false;
  const lower = token.toLowerCase();
  if (ABBREVIATIONS.has(lower) || DOTTED.test(token)) return true;
  if (/^\p{L}$/u.test(token)) return true; // an initial: "J. R. R. Tolkien"
  if (ABBREVIATIONS_BEFORE_NUMBER.has(lower)) return /\d/.test(next);
  // "1." at the start of a line is a list number, not the end of a sentence.
  return /^\d{1,3}$/.test(token) && (i === 0 || doc[i - 1] === "\n");
}

function pushTrimmed(doc: string, start: number, end: number, out: Span[]): void {
  const span = trimSpan(doc, start, end);
  if (span) out.push(span);
}

/** [start, end) without leading and trailing whitespace, or null when nothing is left. */
export function trimSpan(doc: string, start: number, end: number): Span | null {
  let s = start;
  let e = end;
  while (s < e && WHITESPACE.test(doc[s])) s++;
  while (e > s && WHITESPACE.test(doc[e - 1])) e--;
  return s < e ? [s, e] : null;
}
