import { wordPieceEstimate } from "@/lib/text/estimate-tokens";
import { isSpace, sentenceSpans, trimSpan, type Span } from "@/lib/text/sentence-spans";

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

/**
 * Default passage length in tokens, [CLS] and [SEP] included: the window the embedder reads
 * (onnx-embedder's maxLength), so that no passage is cut when it is embedded. A CJK character is
 * about one token, so 600 characters of Chinese would be 600 tokens.
 */
export const DEFAULT_MAX_PASSAGE_TOKENS = 128;

/** The limits a passage must fit: characters, and estimated WordPiece tokens without [CLS]/[SEP]. */
interface Limits {
  chars: number;
  tokens: number;
}

interface Unit {
  start: number;
  end: number;
  /** wordPieceEstimate of the unit's text. */
  tokens: number;
  /** The unit is the first of its paragraph, so a passage may well start here. */
  paragraphStart: boolean;
}

/**
 * Sentence-aware split of a (normalized) document into passages of at most maxChars
 * (default 600) characters and, when maxTokens is given, at most that many estimated WordPiece
 * tokens with [CLS] and [SEP] (estimate-tokens: a CJK character is one token), so that each
 * passage fits an encoder's window whatever the script. Sentences are packed greedily into
 * passages; paragraph breaks are preferred boundaries; a single sentence over the limits is cut
 * at word boundaries or, in Chinese and Japanese, after a comma-like mark (at a line break when
 * there is one late enough, mid-word only inside a longer "word").
 * Invariant: text === doc.slice(start, end) for every passage; passages do not overlap and
 * are in order; together they cover every non-whitespace character; none is empty.
 * Abbreviations ("Dr.", "e.g.", "U.S.") and decimals ("3.5") do not end sentences.
 * @throws RangeError when maxChars is not an integer of at least 2, or maxTokens one of at least 8.
 */
export function splitPassages(doc: string, options: { maxChars?: number; maxTokens?: number } = {}): PassageSpan[] {
  const maxChars = options.maxChars ?? DEFAULT_MAX_PASSAGE_CHARS;
  if (!Number.isInteger(maxChars) || maxChars < 2) {
    throw new RangeError(`splitPassages: maxChars must be an integer of at least 2, got ${maxChars}`);
  }
  if (options.maxTokens !== undefined && (!Number.isInteger(options.maxTokens) || options.maxTokens < 8)) {
    throw new RangeError(`splitPassages: maxTokens must be an integer of at least 8, got ${options.maxTokens}`);
  }
  const limits: Limits = {
    chars: maxChars,
    tokens: options.maxTokens === undefined ? Infinity : options.maxTokens - 2,
  };
  return packUnits(doc, collectUnits(doc, limits), limits);
}

/** Sentences of every paragraph, with over-long sentences already cut into pieces. */
function collectUnits(doc: string, limits: Limits): Unit[] {
  const units: Unit[] = [];
  for (const [ps, pe] of paragraphSpans(doc)) {
    let first = true;
    for (const [s, e] of sentenceSpans(doc, ps, pe)) {
      const tokens = wordPieceEstimate(doc.slice(s, e));
      if (e - s <= limits.chars && tokens <= limits.tokens) {
        units.push({ start: s, end: e, tokens, paragraphStart: first });
        first = false;
        continue;
      }
      for (const [start, end] of cutLongSpan(doc, s, e, limits)) {
        units.push({ start, end, tokens: wordPieceEstimate(doc.slice(start, end)), paragraphStart: first });
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
 * Cuts doc[start, end) into trimmed pieces within the limits: at the last line break in the
 * second half of the window, else at the last whitespace or CJK comma, else (one enormous
 * "word") at the window's end, never between the two halves of a surrogate pair.
 */
function cutLongSpan(doc: string, start: number, end: number, limits: Limits): Span[] {
  const pieces: Span[] = [];
  let pos = start;
  while (end - pos > limits.chars || wordPieceEstimate(doc.slice(pos, end)) > limits.tokens) {
    const window = windowChars(doc, pos, end, limits);
    const limit = pos + window;
    let cut = lastBreak(doc, pos, limit, window);
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

/** The most characters from pos (at least 2, at most limits.chars) whose token estimate fits limits.tokens. */
function windowChars(doc: string, pos: number, end: number, limits: Limits): number {
  let lo = 2;
  let hi = Math.min(limits.chars, end - pos);
  if (limits.tokens === Infinity || wordPieceEstimate(doc.slice(pos, pos + hi)) <= limits.tokens) return hi;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (wordPieceEstimate(doc.slice(pos, pos + mid)) <= limits.tokens) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** ，、；： and their ASCII-width forms in CJK text: a clause ends there. */
const isCjkComma = (c: number) => c === 0xff0c || c === 0x3001 || c === 0xff1b || c === 0xff1a;

/** Index to cut at within (pos, limit] (a whitespace, or just after a CJK comma), or -1 when there is none. */
function lastBreak(doc: string, pos: number, limit: number, maxChars: number): number {
  let space = -1;
  for (let i = limit; i > pos; i--) {
    const c = doc[i];
    if (c === "\n" && i - pos >= maxChars / 2) return i;
    if (space === -1 && (isSpace(doc.charCodeAt(i)) || isCjkComma(doc.charCodeAt(i - 1)))) space = i;
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
function packUnits(doc: string, units: Unit[], limits: Limits): PassageSpan[] {
  const passages: PassageSpan[] = [];
  let i = 0;
  while (i < units.length) {
    const first = i;
    let last = i;
    let tokens = units[i].tokens;
    while (
      last + 1 < units.length &&
      units[last + 1].end - units[first].start <= limits.chars &&
      tokens + units[last + 1].tokens <= limits.tokens
    ) {
      last++;
      tokens += units[last].tokens;
    }
    if (last + 1 < units.length && !units[last + 1].paragraphStart) {
      let kept = tokens;
      for (let k = last; k > first; k--) {
        kept -= units[k].tokens;
        if (!units[k].paragraphStart) continue;
        if (units[k - 1].end - units[first].start >= limits.chars / 2 || kept >= limits.tokens / 2) last = k - 1;
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
