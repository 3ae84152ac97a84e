import type { Db } from "../db/client";
import { HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN, lexicalSearch } from "../db/queries/lexical-search";
import { parseHighlightMarks } from "./highlight-marks";
import type { SearchEngine, SearchHit, SearchRequest } from "./search-types";

/** BM25 over passages (SQLite FTS5), with the matched terms as highlight ranges. */
export function lexicalEngine(db: Db): SearchEngine {
  return {
    mode: "lexical",
    available: () => ({ ok: true }),
    search(request: SearchRequest): SearchHit[] {
      const rows = lexicalSearch(db, { query: request.query, corpusId: request.corpusId, limit: request.k, offset: request.offset });
      return rows.map(({ marked, ...row }) => ({ ...row, ...parseHighlightMarks(marked, HIGHLIGHT_OPEN, HIGHLIGHT_CLOSE) }));
    },
  };
}
