import { isSpace, sentenceSpans, trimSpan, type Span } from "./sentence-spans";

/** One passage of a document: `text === doc.slice(start, end)`. */
export interface PassageSpan {
  /** 0-based position of the passage in the document. */
  ordinal: number;
  text: string;
  /** Offset of the first character in the document (UTF-16 code units). */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

/** Default passage length: a few sentences, well inside a 128-token encoder window. */
export const DEFAULT_MAX_PASSAGE_CHARS = 600;

interface Unit {
  start: number;
  end: number;
  /** The unit is the first of its paragraph, so a passage may well start here. */
  paragraphStart: boolean;
}

/**
 * Sentence-aware split of a (normalized) document into passages of at most maxChars
 * (default 600) characters. Sentences are packed greedily into passages; paragraph breaks
 * are preferred boundaries; a single sentence longer than maxChars is cut at word boundaries
 * (at a line break when there is one late enough, mid-word only inside a longer "word").
 * Invariant: text === doc.slice(start, end) for every passage; passages do not overlap and
 * are in order; together they cover every non-whitespace character; none is empty.
 * Abbreviations ("Dr.", "e.g.", "U.S.") and decimals ("3.5") do not end sentences.
 * @throws RangeError when maxChars is not an integer of at least 2.
 */
export function splitPassages(doc: string, options: { maxChars?: number } = {}): PassageSpan[] {
  const maxChars = options.maxChars ?? DEFAULT_MAX_PASSAGE_CHARS;
  if (!Number.isInteger(maxChars) || maxChars < 2) {
    throw new RangeError(`splitPassages: maxChars must be an integer of at least 2, got ${maxChars}`);
  }
  return packUnits(doc, collectUnits(doc, maxChars), maxChars);
}

/** Sentences of every paragraph, with over-long sentences already cut into pieces. */
function collectUnits(doc: string, maxChars: number): Unit[] {
  const units: Unit[] = [];
  for (const [ps, pe] of paragraphSpans(doc)) {
    let first = true;
    for (const [s, e] of sentenceSpans(doc, ps, pe)) {
      if (e - s <= maxChars) {
        units.push({ start: s, end: e, paragraphStart: first });
        first = false;
        continue;
      }
      for (const [start, end] of cutLongSpan(doc, s, e, maxChars)) {
        units.push({ start, end, paragraphStart: first });
        first = false;
      }
    }
  }
  return units;
}

/** Trimmed, non-empty paragraphs: text between blank lines. */
function paragraphSpans(doc: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (const m of doc.matchAll(/\n[^\S\n]*\n\s*/g)) {
    const span = trimSpan(doc, start, m.index);
    if (span) spans.push(span);
    start = m.index + m[0].length;
  }
  const last = trimSpan(doc, start, doc.length);
  if (last) spans.push(last);
  return spans;
}

/**
 * Cuts doc[start, end) into trimmed pieces of at most maxChars: at the last line break in
 * the second half of the window, else at the last whitespace, else (one enormous "word")
 * at the window's end, never between the two halves of a surrogate pair.
 */
function cutLongSpan(doc: string, start: number, end: number, maxChars: number): Span[] {
  const pieces: Span[] = [];
  let pos = start;
  while (end - pos > maxChars) {
    const limit = pos + maxChars;
    let cut = lastBreak(doc, pos, limit, maxChars);
    if (cut <= pos) {
      cut = limit;
      if (isHighSurrogate(doc.charCodeAt(cut - 1)) && cut - 1 > pos) cut--;
    }
    const piece = trimSpan(doc, pos, cut);
    if (piece) pieces.push(piece);
    pos = cut;
    while (pos < end && isSpace(doc.charCodeAt(pos))) pos++;
  }
  const rest = trimSpan(doc, pos, end);
  if (rest) pieces.push(rest);
  return pieces;
}

/** Index of the whitespace to cut at within (pos, limit], or -1 when there is none. */
function lastBreak(doc: string, pos: number, limit: number, maxChars: number): number {
  let space = -1;
  for (let i = limit; i > pos; i--) {
    const c = doc[i];
    if (c === "\n" && i - pos >= maxChars / 2) return i;
    if (space === -1 && isSpace(doc.charCodeAt(i))) space = i;
    if (space !== -1 && i - pos < maxChars / 2) break;
  }
  return space;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * Greedy packing: a passage takes units while they fit. When the next unit continues a
 * paragraph that began inside this passage, the passage ends before that paragraph instead,
 * provided it stays at least half full, so paragraphs are split only when they must be.
 */
function packUnits(doc: string, units: Unit[], maxChars: number): PassageSpan[] {
  const passages: PassageSpan[] = [];
  let i = 0;
  while (i < units.length) {
    const first = i;
    let last = i;
    while (last + 1 < units.length && units[last + 1].end - units[first].start <= maxChars) last++;
    if (last + 1 < units.length && !units[last + 1].paragraphStart) {
      for (let k = last; k > first; k--) {
        if (!units[k].paragraphStart) continue;
        if (units[k - 1].end - units[first].start >= maxChars / 2) last = k - 1;
        break;
      }
    }
    const start = units[first].start;
    const end = units[last].end;
    passages.push({ ordinal: passages.length, text: doc.slice(start, end), start, end });
    i = last + 1;
  }
  return passages;
}
