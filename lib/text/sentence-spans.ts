/** A [start, end) range of a string. */
export type Span = readonly [start: number, end: number];

// Abbreviations that are followed by more of the same sentence (titles before names,
// reference words before numbers, months). Words that often end a sentence ("etc.",
// "Inc.", "Jr.") are left out: a capital letter after them starts a new sentence.
const ABBREVIATIONS = new Set([
  "mr",
  "mrs",
  "ms",
  "mx",
  "dr",
  "prof",
  "rev",
  "hon",
  "gen",
  "col",
  "capt",
  "lt",
  "sgt",
  "maj",
  "gov",
  "sen",
  "rep",
  "pres",
  "supt",
  "st",
  "mt",
  "ft",
  "vs",
  "cf",
  "viz",
  "approx",
  "dept",
  "est",
  "fig",
  "figs",
  "eq",
  "eqs",
  "vol",
  "vols",
  "pp",
  "ch",
  "chap",
  "sec",
  "sect",
  "para",
  "jan",
  "feb",
  "mar",
  "apr",
  "jun",
  "jul",
  "aug",
  "sep",
  "sept",
  "oct",
  "nov",
  "dec",
  "ca",
  "incl",
  "nr",
  "ref",
  "refs",
  "univ",
  "assn",
  "bros",
]);
// Only abbreviations when a number follows ("No. 5", "p. 12"), else ordinary words.
const ABBREVIATIONS_BEFORE_NUMBER = new Set(["no", "nos", "art", "op", "pt", "p"]);
// "e.g", "i.e", "U.S", "Ph.D", "a.m": short letter groups joined by periods.
const DOTTED = /^(?:\p{L}{1,3}\.)+\p{L}{1,3}$/u;

// Tested by character code, not with Sets or regexes: these run on every character.
/** . ! ? … */
const isTerminator = (c: number) => c === 0x2e || c === 0x21 || c === 0x3f || c === 0x2026;
/** CJK full stops end a sentence without a following space: 。！？ */
const isCjkTerminator = (c: number) => c === 0x3002 || c === 0xff01 || c === 0xff1f;
/** " ' ” ’ ) ] » */
const isCloser = (c: number) =>
  c === 0x22 || c === 0x27 || c === 0x201d || c === 0x2019 || c === 0x29 || c === 0x5d || c === 0xbb;
/** " ' “ ‘ ( [ « */
const isOpener = (c: number) =>
  c === 0x22 || c === 0x27 || c === 0x201c || c === 0x2018 || c === 0x28 || c === 0x5b || c === 0xab;

/** The characters JavaScript's `\s` matches, by code. */
export function isSpace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 160) return false;
  return (
    code === 160 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * Sentences of doc[from, to), trimmed, in order. Every non-whitespace character of the
 * range lies in exactly one span. A sentence ends after . ! ? … (and closing quotes or
 * brackets) followed by whitespace, unless the period belongs to an abbreviation, an
 * initial, a list number at the start of a line, or the next word starts in lower case.
 */
export function sentenceSpans(doc: string, from: number, to: number): Span[] {
  const spans: Span[] = [];
  let start = from;
  let i = from;
  while (i < to) {
    const c = doc.charCodeAt(i);
    if (!isTerminator(c) && !isCjkTerminator(c)) {
      i++;
      continue;
    }
    let end = i;
    let cjk = false;
    for (let t = c; end < to && (isTerminator(t) || isCjkTerminator(t)); t = doc.charCodeAt(++end))
      cjk ||= isCjkTerminator(t);
    const singlePeriod = c === 0x2e && end === i + 1;
    while (end < to && isCloser(doc.charCodeAt(end))) end++;
    if (cjk || endsSentence(doc, i, end, to, singlePeriod)) {
      pushTrimmed(doc, start, end, spans);
      start = end;
    }
    i = end;
  }
  pushTrimmed(doc, start, to, spans);
  return spans;
}

function endsSentence(doc: string, at: number, end: number, to: number, singlePeriod: boolean): boolean {
  if (end < to && !isSpace(doc.charCodeAt(end))) return false;
  const next = nextWordStart(doc, end, to);
  if (next !== "" && next !== next.toUpperCase()) return false; // a lower-case word continues the sentence
  return !singlePeriod || !isAbbreviation(doc, at, next);
}

/** First character of the next word, skipping whitespace and opening quotes or brackets. */
function nextWordStart(doc: string, from: number, to: number): string {
  for (let i = from; i < to; i++) {
    const c = doc.charCodeAt(i);
    if (!isSpace(c) && !isOpener(c)) return doc[i];
  }
  return "";
}

/** Whether the single period at `dot` closes an abbreviation rather than a sentence. */
function isAbbreviation(doc: string, dot: number, next: string): boolean {
  let i = dot;
  while (i > 0 && !isSpace(doc.charCodeAt(i - 1))) i--;
  let tokenStart = i;
  while (tokenStart < dot && isOpener(doc.charCodeAt(tokenStart))) tokenStart++;
  const token = doc.slice(tokenStart, dot);
  if (token === "") return false;
  const lower = token.toLowerCase();
  if (ABBREVIATIONS.has(lower) || DOTTED.test(token)) return true;
  if (/^\p{L}$/u.test(token)) return true; // an initial: "J. R. R. Tolkien"
  if (ABBREVIATIONS_BEFORE_NUMBER.has(lower)) return next >= "0" && next <= "9";
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
  while (s < e && isSpace(doc.charCodeAt(s))) s++;
  while (e > s && isSpace(doc.charCodeAt(e - 1))) e--;
  return s < e ? [s, e] : null;
}
