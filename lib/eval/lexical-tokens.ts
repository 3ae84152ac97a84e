import { stem } from "@/lib/search/term-match";
import { words } from "@/lib/text/segment-words";
import { STOP_WORDS } from "@/lib/text/stop-words";

/**
 * The words of a text as the lexical search indexes them (FTS5 `porter unicode61
 * remove_diacritics 2`): lower case, diacritics removed, runs of letters and digits, each
 * stemmed. Runs in scripts written without spaces are cut into words first. Pure.
 */
export function lexicalTokens(text: string): string[] {
  const plain = text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
  return words(plain).map((w) => (STOP_WORDS.has(w) ? w : stem(w)));
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
