import type { Db } from "@/lib/db/client";
import { HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN, lexicalSearch } from "@/lib/db/queries/lexical-search";
import { reciprocalRankFusion, weightedScoreFusion } from "@/lib/index/rank-fusion";
import { denseEngine, denseRanking, hydrateHits, type DenseDeps } from "@/lib/search/dense-engine";
import { parseHighlightMarks, withoutStopWords } from "@/lib/search/highlight-marks";
import type { SearchEngine } from "@/lib/search/search-types";

/** How deep each engine's list goes before fusion (fusion needs more than one page to work with). */
const MIN_DEPTH = 50;

/**
 * Dense and lexical lists fused: reciprocal rank fusion (constant `rrfK`, default 60) unless
 * `fusion` is weighted: min-max normalised scores with weight `alpha` on dense. (The search
 * service fills these in from the live version's learnt fusion when a request leaves them out.)
 * Each hit keeps its rank in both lists.
 */
export function hybridEngine(db: Db, deps: DenseDeps): SearchEngine {
  const dense = denseEngine(db, deps);
  return {
    mode: "hybrid",
    available: (corpusId, live) => dense.available(corpusId, live),
    async search(request, live) {
      const offset = request.offset ?? 0;
      const depth = Math.max(MIN_DEPTH, offset + request.k);
      const lexicalRows = await lexicalSearch(db, {
        query: request.query,
        corpusId: request.corpusId,
        filters: request.filters,
        limit: depth,
      });
      const { hits: denseHits } = await denseRanking(db, deps, request, depth, live);
      const lexical = lexicalRows.map((r) => ({ id: r.passageId, score: r.score }));
      const fused =
        request.fusion === "weighted"
          ? weightedScoreFusion({ dense: denseHits, lexical }, request.alpha ?? 0.5)
          : reciprocalRankFusion({ dense: denseHits, lexical }, request.rrfK);
      const page = fused.slice(offset, offset + request.k);
      const marks = new Map(
        lexicalRows.map((r) => {
          const parsed = parseHighlightMarks(r.marked, HIGHLIGHT_OPEN, HIGHLIGHT_CLOSE);
          return [r.passageId, withoutStopWords(parsed.text, parsed.highlights)];
        }),
      );
      const sources = new Map(page.map((f) => [f.id, f.sources]));
      return (await hydrateHits(db, request.query, page)).map((hit) => ({
        ...hit,
        // BM25's own marks are exact for its tokenizer; fall back to the stem match for dense-only hits.
        highlights: marks.get(hit.passageId) ?? hit.highlights,
        explanation: { ...hit.explanation!, sources: sources.get(hit.passageId) },
      }));
    },
  };
}
