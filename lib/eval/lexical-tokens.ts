import { stem } from "../search/term-match";
import { STOP_WORDS } from "../text/stop-words";

const WORD = /[\p{L}\p{N}]+/gu;
const SPACELESS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;
let segmenter: Intl.Segmenter | undefined;

/** Splits a run of Han/kana (or Thai) characters into dictionary words, as the design asks the application to do. */
function segmentSpaceless(run: string): string[] {
  segmenter ??= new Intl.Segmenter("zh", { granularity: "word" });
  return [...segmenter.segment(run)].filter((s) => s.isWordLike).map((s) => s.segment);
}

/**
 * The words of a text as the lexical search indexes them (FTS5 `porter unicode61
 * remove_diacritics 2`): lower case, diacritics removed, runs of letters and digits, each
 * stemmed. Runs in scripts written without spaces are cut into words first. Pure.
 */
export function lexicalTokens(text: string): string[] {
  const plain = text.normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase();
  const out: string[] = [];
  for (const m of plain.matchAll(WORD)) {
    const words = SPACELESS.test(m[0]) ? segmentSpaceless(m[0]) : [m[0]];
    for (const w of words) out.push(STOP_WORDS.has(w) ? w : stem(w));
  }
  return out;
}

/**
 * The terms a query searches for: its distinct tokens without stop words, unless it has
 * nothing else (the rule of the lexical search's query builder).
 */
export function queryTerms(text: string): string[] {
  const tokens = lexicalTokens(text);
  const content = tokens.filter((t) => !STOP_WORDS.has(t));
  return [...new Set(content.length ? content : tokens)];
}
