import type { Db } from "../db/client";
import { lexicalEngine } from "./lexical-engine";
import type { SearchEngine, SearchMode, SearchRequest, SearchResponse } from "./search-types";

/**
 * Answers a query with the engine for its mode. Engines that cannot answer yet (dense or hybrid
 * before a model serves the corpus) fall back to lexical, and the response says so.
 */
export class SearchService {
  private readonly engines = new Map<SearchMode, SearchEngine>();

  constructor(engines: SearchEngine[]) {
    for (const e of engines) this.engines.set(e.mode, e);
  }

  search(request: SearchRequest): SearchResponse {
    const started = performance.now();
    let engine = this.engines.get(request.mode);
    let notice: string | undefined;
    const state = engine?.available(request.corpusId) ?? { ok: false as const, reason: `${request.mode} search is not available yet` };
    if (!engine || !state.ok) {
      engine = this.engines.get("lexical")!;
      notice = `${"reason" in state ? state.reason : ""}; showing lexical (BM25) results instead`;
    }
    const results = request.query.trim() ? engine.search(request) : [];
    return { query: request.query, mode: engine.mode, results, notice, tookMs: Math.round((performance.now() - started) * 10) / 10 };
  }
}

/** The search service over a database with the engines that exist today. */
export function createSearchService(db: Db): SearchService {
  return new SearchService([lexicalEngine(db)]);
}
