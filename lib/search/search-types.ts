import type { ModelVersion } from "@/lib/db/schema";

/** How a query is matched: BM25 over words, embeddings, or both fused. */
export type SearchMode = "lexical" | "dense" | "hybrid";

/** How hybrid search combines the two lists. */
export type FusionMethod = "rrf" | "weighted";

export interface SearchRequest {
  query: string;
  mode: SearchMode;
  corpusId?: number;
  /** Results per page. */
  k: number;
  offset?: number;
  /**
   * Hybrid only: reciprocal rank fusion or weighted score fusion. Default: the fusion learnt on
   * the held-out split of the corpus's live model version, else reciprocal rank fusion.
   */
  fusion?: FusionMethod;
  /** Hybrid weighted fusion: weight of the dense score, 0..1 (default: the learnt weight, else 0.5). */
  alpha?: number;
  /** Hybrid reciprocal rank fusion: its constant (default: the learnt one, else 60). */
  rrfK?: number;
  /** Metadata fields that must equal the given values (e.g. `{ topic: "astronomy" }`). */
  filters?: Record<string, string | number | boolean>;
  /** Dense only: search with this vector (the model's dimension) instead of embedding `query`. */
  vector?: number[];
  /** Find each hit's best-matching sentence (costs one embedding batch per page). */
  explain?: boolean;
}

/** Why a passage matched. */
export interface MatchExplanation {
  /** Query words found in the passage (compared by stem). */
  sharedTerms: string[];
  /** [start, end) of the passage's sentence closest to the query in embedding space. */
  bestSentence?: [number, number];
  /** Where the hit stood in each engine's list (hybrid). */
  sources?: Record<string, { rank: number; score: number }>;
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
  explanation?: MatchExplanation;
  /** The model serving this hit's corpus, which embedded it (dense and hybrid answers only). */
  model?: HitModel;
}

/** Which model a hit's corpus is served by: searching all corpora mixes several. */
export interface HitModel {
  modelVersionId: number;
  name: string;
  /** hub, dir, scratch or finetuned. */
  source: string;
}

export interface SearchResponse {
  query: string;
  /** The mode that actually answered (a dense request falls back to lexical while no model serves). */
  mode: SearchMode;
  results: SearchHit[];
  /** Said to the user when the answer differs from what was asked. */
  notice?: string;
  /** The models that answered the dense part, by corpus. */
  models?: { corpusId: number; modelVersionId: number; name: string; source: string }[];
  /** Hybrid answers: how the lists were fused, and whether that was learnt on held-out data or asked for. */
  fusion?: { method: FusionMethod; alpha?: number; k?: number; source: "request" | "learnt" | "default" };
  tookMs: number;
}

/** A way of answering queries; lexical, dense and hybrid engines implement it. */
export interface SearchEngine {
  readonly mode: SearchMode;
  /**
   * Whether the engine can answer now (e.g. not before a model serves), with a reason. `live`: the
   * live model versions of `corpusId` (or of every corpus) when the caller has read them already.
   */
  available(corpusId?: number, live?: readonly ModelVersion[]): Promise<{ ok: true } | { ok: false; reason: string }>;
  /** The hits for `request`; `live` as for {@link SearchEngine.available}, read once per request. */
  search(request: SearchRequest, live?: readonly ModelVersion[]): Promise<SearchHit[]>;
}
