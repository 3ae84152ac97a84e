import type { Db } from "@/lib/db/client";
import { HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN, lexicalSearch } from "@/lib/db/queries/lexical-search";
import { parseHighlightMarks, withoutStopWords } from "@/lib/search/highlight-marks";
import type { SearchEngine, SearchHit, SearchRequest } from "@/lib/search/search-types";
import { sharedTerms } from "@/lib/search/term-match";

/** BM25 over passages (SQLite FTS5), with the matched terms as highlight ranges. */
export function lexicalEngine(db: Db): SearchEngine {
  return {
    mode: "lexical",
    available: () => Promise.resolve({ ok: true }),
    async search(request: SearchRequest): Promise<SearchHit[]> {
      const rows = await lexicalSearch(db, {
        query: request.query,
        corpusId: request.corpusId,
        filters: request.filters,
        limit: request.k,
        offset: request.offset,
      });
      return rows.map(({ marked, ...row }) => {
        const parsed = parseHighlightMarks(marked, HIGHLIGHT_OPEN, HIGHLIGHT_CLOSE);
        return {
          ...row,
          text: parsed.text,
          highlights: withoutStopWords(parsed.text, parsed.highlights),
          explanation: { sharedTerms: sharedTerms(request.query, parsed.text).terms },
        };
      });
    },
  };
}
