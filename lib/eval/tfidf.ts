import type { ScoredId } from "@/lib/index/scored-id";
import { topK } from "@/lib/core/top-k";
import { lexicalTokens } from "@/lib/eval/lexical-tokens";
import { STOP_WORDS } from "@/lib/text/stop-words";

/** A sparse vector: term → weight. */
export type SparseVector = ReadonlyMap<string, number>;

function contentTokens(text: string): string[] {
  const tokens = lexicalTokens(text);
  const content = tokens.filter((t) => !STOP_WORDS.has(t));
  return content.length ? content : tokens;
}

/**
 * TF-IDF over the lexical search's words (stop words left out): sublinear term frequency
 * (1 + ln tf) times smoothed idf (ln((1 + N) / (1 + df)) + 1, as scikit-learn), L2-normalised,
 * so that the dot product of two vectors is their cosine. The idf is fitted on `fitTexts`. Pure.
 */
export class TfIdf {
  private readonly idf = new Map<string, number>();
  private readonly unseenIdf: number;

  constructor(fitTexts: readonly string[]) {
    const df = new Map<string, number>();
    for (const text of fitTexts) for (const t of new Set(contentTokens(text))) df.set(t, (df.get(t) ?? 0) + 1);
    const n = fitTexts.length;
    for (const [term, count] of df) this.idf.set(term, Math.log((1 + n) / (1 + count)) + 1);
    this.unseenIdf = Math.log(1 + n) + 1;
  }

  /** The unit-length TF-IDF vector of a text (empty for a text without words). */
  vector(text: string): SparseVector {
    const tf = new Map<string, number>();
    for (const t of contentTokens(text)) tf.set(t, (tf.get(t) ?? 0) + 1);
    const out = new Map<string, number>();
    let norm = 0;
    for (const [term, count] of tf) {
      const w = (1 + Math.log(count)) * (this.idf.get(term) ?? this.unseenIdf);
      out.set(term, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [term, w] of out) out.set(term, w / norm);
    return out;
  }
}

/** Cosine of two unit-length sparse vectors (0 when either is empty). */
export function sparseCosine(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [term, w] of small) dot += w * (large.get(term) ?? 0);
  return dot;
}

/** The `depth` corpus rows closest to the query vector by cosine, best first; rows sharing no word are left out. Ids are row numbers. */
export function rankSparse(query: SparseVector, corpus: readonly SparseVector[], depth: number): ScoredId[] {
  const scores = corpus.map((doc) => sparseCosine(query, doc));
  return topK(scores, depth)
    .filter((id) => scores[id] > 0)
    .map((id) => ({ id, score: scores[id] }));
}
