/**
 * Cluster keywords by class-based TF-IDF (c-TF-IDF, as BERTopic): all passages of a cluster
 * form one document; a term weighs tf(t, c) · log(1 + A / f(t)), with tf normalised per
 * cluster, f(t) the term's frequency over all clusters and A the mean words per cluster.
 */
import { hasSpacelessScript, segmentSpaceless } from "@/lib/text/segment-words";
import { KEYWORD_STOP_WORDS } from "@/lib/cluster/keyword-stop-words";

/** A keyword and its c-TF-IDF weight. */
export interface Keyword {
  term: string;
  weight: number;
}

/** Options of {@link clusterKeywords}. */
export interface KeywordOptions {
  /** Keywords per cluster. Default 10. */
  top?: number;
  /** Words to skip. Default {@link KEYWORD_STOP_WORDS}. */
  stopWords?: ReadonlySet<string>;
}

const WORD = /\p{L}[\p{L}\p{N}]*(?:['’-]\p{L}+)*/gu;

/**
 * Lower-cased content words of a text: letters first, at least 3 characters, no stop words.
 * Chinese and Japanese runs are cut into dictionary words (lib/text/segment-words), of which
 * words of two or more characters count (single characters are mostly particles and affixes).
 */
export function keywordTokens(text: string, stopWords: ReadonlySet<string> = KEYWORD_STOP_WORDS): string[] {
  const out: string[] = [];
  for (const match of text.toLowerCase().matchAll(WORD)) {
    if (hasSpacelessScript(match[0])) {
      for (const { word } of segmentSpaceless(match[0])) {
        const min = hasSpacelessScript(word) ? 2 : 3;
        if (word.length >= min && /^\p{L}/u.test(word) && !stopWords.has(word)) out.push(word);
      }
      continue;
    }
    const word = match[0].replace(/['’]s$/, "");
    if (word.length >= 3 && !stopWords.has(word)) out.push(word);
  }
  return out;
}

/**
 * The top c-TF-IDF keywords of each cluster. A keyword must occur in at least two passages of
 * its cluster (when the cluster has two), so that one long passage cannot name a cluster.
 * @param texts `[rows]` passage texts
 * @param labels `[rows]` cluster of each passage, 0 … k − 1; −1 (outliers) counts towards f(t) only
 * @returns `[k]` keywords, best first
 */
export function clusterKeywords(
  texts: readonly string[],
  labels: ArrayLike<number>,
  k: number,
  options: KeywordOptions = {},
): Keyword[][] {
  const { top = 10, stopWords = KEYWORD_STOP_WORDS } = options;
  const counts: Map<string, number>[] = Array.from({ length: k }, () => new Map());
  const passagesWith: Map<string, number>[] = Array.from({ length: k }, () => new Map());
  const sizes = new Int32Array(k);
  const words = new Float64Array(k);
  const total = new Map<string, number>();
  let allWords = 0;
  texts.forEach((text, i) => {
    const c = labels[i];
    const tokens = keywordTokens(text, stopWords);
    allWords += tokens.length;
    for (const t of tokens) total.set(t, (total.get(t) ?? 0) + 1);
    if (c < 0 || c >= k) return;
    sizes[c]++;
    words[c] += tokens.length;
    for (const t of tokens) counts[c].set(t, (counts[c].get(t) ?? 0) + 1);
    for (const t of new Set(tokens)) passagesWith[c].set(t, (passagesWith[c].get(t) ?? 0) + 1);
  });
  const meanWords = allWords / Math.max(1, k);
  return counts.map((terms, c) => {
    const minPassages = Math.min(2, sizes[c]);
    const scored: Keyword[] = [];
    for (const [term, tf] of terms) {
      if ((passagesWith[c].get(term) ?? 0) < minPassages) continue;
      scored.push({ term, weight: (tf / Math.max(1, words[c])) * Math.log(1 + meanWords / total.get(term)!) });
    }
    return scored.sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1)).slice(0, top);
  });
}

/** A short label from keywords: the first three, joined. */
export function keywordLabel(keywords: readonly Keyword[]): string {
  return keywords.length
    ? keywords
        .slice(0, 3)
        .map((k) => k.term)
        .join(", ")
    : "(no keywords)";
}
