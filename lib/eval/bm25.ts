import type { ScoredId } from "@/lib/index/scored-id";
import { topK } from "@/lib/core/top-k";
import { lexicalTokens, queryTerms } from "@/lib/eval/lexical-tokens";

/** FTS5's BM25 constants: term-frequency saturation and length normalisation. */
const K1 = 1.2;
const B = 0.75;

/**
 * Okapi BM25 over a small in-memory corpus, scored as SQLite FTS5's `bm25()` scores
 * (idf = ln((N − n + 0.5) / (n + 0.5)), floored at 1e-6), so that held-out baselines read
 * like the product's keyword search. Pure; meant for evaluation sets, not for serving.
 */
export class Bm25Index {
  private readonly postings = new Map<string, { doc: number; tf: number }[]>();
  private readonly lengths: number[];
  private readonly meanLength: number;

  /** @param corpus - documents; ids in results are their row numbers */
  constructor(corpus: readonly string[]) {
    this.lengths = corpus.map((text, doc) => {
      const counts = new Map<string, number>();
      const tokens = lexicalTokens(text);
      for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const [term, tf] of counts) {
        let list = this.postings.get(term);
        if (!list) this.postings.set(term, (list = []));
        list.push({ doc, tf });
      }
      return tokens.length;
    });
    this.meanLength = this.lengths.reduce((s, n) => s + n, 0) / Math.max(1, this.lengths.length);
  }

  /** How many documents the index holds. */
  get size(): number {
    return this.lengths.length;
  }

  /**
   * The `depth` best documents for a query, best first; only documents that contain a query
   * term are returned (as a MATCH query returns them).
   */
  search(query: string, depth: number): ScoredId[] {
    const scores = new Float64Array(this.size);
    const n = this.size;
    for (const term of queryTerms(query)) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = Math.max(1e-6, Math.log((n - list.length + 0.5) / (list.length + 0.5)));
      for (const { doc, tf } of list) {
        const norm = K1 * (1 - B + (B * this.lengths[doc]) / (this.meanLength || 1));
        scores[doc] += (idf * tf * (K1 + 1)) / (tf + norm);
      }
    }
    return topK(scores, depth)
      .filter((doc) => scores[doc] > 0)
      .map((doc) => ({ id: doc, score: scores[doc] }));
  }
}
