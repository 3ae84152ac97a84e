/** One search result: a passage id and its similarity to the query (higher is closer). */
export interface ScoredId {
  /** Passage id (the HNSW label). */
  id: number;
  /** Cosine similarity for dense results; the engine's own score (e.g. BM25) for others. */
  score: number;
}
