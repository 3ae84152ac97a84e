/**
 * Word segmentation for every script: runs of letters and digits are words where the script
 * writes spaces, and runs in scripts written without spaces (Chinese, Japanese, Thai) are cut
 * into dictionary words by ICU's word segmenter (`Intl.Segmenter`, built into Node.js), as the
 * design asks the application to do. Every text step that counts, matches or highlights words
 * goes through here, so the index, queries, keywords and highlights agree on what a word is. Pure.
 */

const WORD = /[\p{L}\p{N}]+/gu;
/** Characters of scripts written without spaces between words. */
const SPACELESS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;
/** Han and kana: roughly one character per syllable and per WordPiece token. */
const IDEOGRAPHIC = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

let segmenter: Intl.Segmenter | undefined;

/** A word of a text and where it is: `text.slice(start, end) === word`. */
export interface WordSpan {
  word: string;
  start: number;
  end: number;
}

/** Whether the text has any character of a script written without spaces (Chinese, Japanese, Thai). */
export function hasSpacelessScript(text: string): boolean {
  return SPACELESS.test(text);
}

/** Whether the text has any Han or kana character. */
export function hasIdeographs(text: string): boolean {
  return IDEOGRAPHIC.test(text);
}

/** Splits a run of Han/kana (or Thai) characters into dictionary words ("负样本" → 负, 样本), with offsets inside the run. */
export function segmentSpaceless(run: string): WordSpan[] {
  segmenter ??= new Intl.Segmenter("zh", { granularity: "word" });
  const out: WordSpan[] = [];
  for (const s of segmenter.segment(run)) {
    if (s.isWordLike) out.push({ word: s.segment, start: s.index, end: s.index + s.segment.length });
  }
  return out;
}

/**
 * The words of a text with their offsets, in order, as written (no case folding): runs of
 * letters and digits, with runs that contain a spaceless script cut by the segmenter
 * ("BERT模型的训练" → BERT, 模型, 的, 训练).
 */
export function wordSpans(text: string): WordSpan[] {
  const out: WordSpan[] = [];
  for (const m of text.matchAll(WORD)) {
    const at = m.index!;
    if (!SPACELESS.test(m[0])) {
      out.push({ word: m[0], start: at, end: at + m[0].length });
      continue;
    }
    for (const w of segmentSpaceless(m[0])) out.push({ word: w.word, start: at + w.start, end: at + w.end });
  }
  return out;
}

/** The words of a text, as written (see wordSpans). */
export function words(text: string): string[] {
  return wordSpans(text).map((w) => w.word);
}

/** The words of a text in lower case: the form counting, matching and stop-word checks use. */
export function lowerWords(text: string): string[] {
  return words(text.toLowerCase());
}

const IDEOGRAPH_EDGE =
  /(?<=[\p{L}\p{N}])(?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])|(?<=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])(?=[\p{L}\p{N}])/gu;

/**
 * The text with `separator` between every Han or kana character and the letter or digit next
 * to it ("BERT模型" → "BERT|模|型"), and nothing else changed, so removing the separators gives
 * the text back. A tokenizer that keeps runs of letters together (SQLite's unicode61) then sees
 * one token per character, and a word is found as the phrase of its characters wherever it
 * stands, whatever a dictionary would make of its neighbours. Returns null when the text has no
 * Han or kana next to another letter (nothing to separate).
 */
export function separateIdeographs(text: string, separator: string): string | null {
  if (!IDEOGRAPHIC.test(text)) return null;
  const out = text.replace(IDEOGRAPH_EDGE, separator);
  return out === text ? null : out;
}

/** A piece of a text for word-level edits: a word with the punctuation after it, and whether a space came before it. */
export interface TextUnit {
  text: string;
  spaceBefore: boolean;
}

/**
 * The text as a sequence of word units that can be dropped or cropped and joined back
 * (joinUnits): whitespace-separated words, and inside runs of Chinese or Japanese the
 * segmenter's words, each carrying the punctuation that follows it, so that a crop of a
 * Chinese text is still written without spaces.
 */
export function textUnits(text: string): TextUnit[] {
  const units: TextUnit[] = [];
  for (const chunk of text.split(/\s+/).filter(Boolean)) {
    if (!SPACELESS.test(chunk)) {
      units.push({ text: chunk, spaceBefore: true });
      continue;
    }
    segmenter ??= new Intl.Segmenter("zh", { granularity: "word" });
    let first = true;
    for (const s of segmenter.segment(chunk)) {
      if (s.isWordLike || units.length === 0 || first) units.push({ text: s.segment, spaceBefore: first });
      else units[units.length - 1].text += s.segment;
      first = false;
    }
  }
  return units;
}

/** Joins units back into text: a space where the original had one, none inside Chinese or Japanese. */
export function joinUnits(units: readonly TextUnit[]): string {
  return units.map((u, i) => (i > 0 && u.spaceBefore ? ` ${u.text}` : u.text)).join("");
}
