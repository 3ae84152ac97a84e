/** How a query is matched: BM25 over words, embeddings, or both fused. */
export type SearchMode = "lexical" | "dense" | "hybrid";

export interface SearchRequest {
  query: string;
  mode: SearchMode;
  corpusId?: number;
  /** Results per page. */
  k: number;
  offset?: number;
}

/** One matching passage with what a user needs to judge it. */
export interface SearchHit {
  passageId: number;
  documentId: number;
  corpusId: number;
  corpusName: string;
  documentTitle: string;
  /** The passage text, plain (never HTML). */
  text: string;
  /** [start, end) character ranges of `text` that matched the query terms. */
  highlights: [number, number][];
  /** Offsets of the passage inside its document, for the document view. */
  start: number;
  end: number;
  ordinal: number;
  score: number;
}

export interface SearchResponse {
  query: string;
  /** The mode that actually answered (a dense request falls back to lexical while no model serves). */
  mode: SearchMode;
  results: SearchHit[];
  /** Said to the user when the answer differs from what was asked. */
  notice?: string;
  tookMs: number;
}

/** A way of answering queries; dense and hybrid engines implement the same interface. */
export interface SearchEngine {
  readonly mode: SearchMode;
  /** False while the engine cannot answer (e.g. no embeddings yet), with a reason. */
  available(corpusId?: number): { ok: true } | { ok: false; reason: string };
  search(request: SearchRequest): SearchHit[];
}
