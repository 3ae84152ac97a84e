import "server-only";
import type { Db } from "@/lib/db/client";
import { liveModelVersion, liveModelVersions } from "@/lib/db/queries/model-versions";
import { IndexCache } from "@/lib/index/index-cache";
import type { SearchThreadPolicy } from "@/lib/index/search-thread-policy";
import { storedFusion } from "@/lib/eval/held-out-report";
import { bestSentences } from "@/lib/search/best-sentence";
import { denseEngine } from "@/lib/search/dense-engine";
import { EmbedderPool } from "@/lib/search/embedder-pool";
import { resolveFusion } from "@/lib/search/fusion-default";
import { hybridEngine } from "@/lib/search/hybrid-engine";
import { lexicalEngine } from "@/lib/search/lexical-engine";
import type { SearchEngine, SearchHit, SearchMode, SearchRequest, SearchResponse } from "@/lib/search/search-types";

/**
 * Answers a query with the engine for its mode. Engines that cannot answer yet (dense or hybrid
 * before a model serves the corpus) fall back to lexical, and the response says so.
 */
export class SearchService {
  private readonly engines = new Map<SearchMode, SearchEngine>();

  constructor(
    private readonly db: Db,
    engines: SearchEngine[],
    private readonly embedders?: EmbedderPool,
  ) {
    for (const e of engines) this.engines.set(e.mode, e);
  }

  /** Which modes can answer for a corpus (or across all corpora) right now. */
  async modes(corpusId?: number): Promise<Record<SearchMode, boolean>> {
    const can = async (mode: SearchMode) => (await this.engines.get(mode)?.available(corpusId))?.ok ?? false;
    return { lexical: true, dense: await can("dense"), hybrid: await can("hybrid") };
  }

  async search(asked: SearchRequest): Promise<SearchResponse> {
    const started = performance.now();
    // Read once per request: the fusion default, the engines and the response's model list use it.
    const live =
      asked.corpusId === undefined
        ? await liveModelVersions(this.db)
        : [await liveModelVersion(this.db, asked.corpusId)].filter((v) => v !== undefined);
    const { request, used } =
      asked.mode === "hybrid"
        ? resolveFusion(asked, live.length === 1 ? storedFusion(live[0].metrics) : undefined)
        : { request: asked, used: undefined };
    let engine = this.engines.get(request.mode);
    let notice: string | undefined;
    const state = (await engine?.available(request.corpusId, live)) ?? {
      ok: false as const,
      reason: `${request.mode} search is not available`,
    };
    if (!engine || !state.ok) {
      engine = this.engines.get("lexical")!;
      notice = `${"reason" in state ? state.reason : ""}; showing lexical (BM25) results instead`;
    }
    const results = request.query.trim() || request.vector ? await engine.search(request, live) : [];
    if (request.explain && engine.mode !== "lexical") await this.explain(request.query, results);
    const models = live.map((v) => ({ corpusId: v.corpusId!, modelVersionId: v.id, name: v.name, source: v.source }));
    if (engine.mode !== "lexical") {
      const byCorpus = new Map(
        models.map((m) => [m.corpusId, { modelVersionId: m.modelVersionId, name: m.name, source: m.source }]),
      );
      for (const hit of results) hit.model = byCorpus.get(hit.corpusId);
    }
    const fusion = engine.mode === "hybrid" ? used : undefined;
    const tookMs = Math.round((performance.now() - started) * 10) / 10;
    // Literals, not `...(fusion ? { fusion } : {})`: spread copies land in the old generation
    // (see passageHit in dense-engine.ts). Same keys in the same order either way.
    const query = request.query;
    const mode = engine.mode;
    return fusion
      ? { query, mode, results, notice, models, fusion, tookMs }
      : { query, mode, results, notice, models, tookMs };
  }

  /** Adds each hit's best-matching sentence, embedded with the model serving its corpus. */
  private async explain(query: string, hits: SearchHit[]): Promise<void> {
    if (!this.embedders) return;
    for (const corpusId of new Set(hits.map((h) => h.corpusId))) {
      const dir = (await liveModelVersion(this.db, corpusId))?.path;
      if (!dir) continue;
      const embedder = await this.embedders.get(dir);
      const mine = hits.filter((h) => h.corpusId === corpusId);
      const spans = await bestSentences(
        embedder,
        await embedder.embedQuery(query),
        mine.map((h) => h.text),
      );
      mine.forEach((h, i) => (h.explanation = { sharedTerms: [], ...h.explanation, bestSentence: spans[i] }));
    }
  }
}

/** The search service over a database: lexical always, dense and hybrid once a model serves. */
export function createSearchService(
  db: Db,
  options: { indexDir?: string; embedders?: EmbedderPool; searchThread?: SearchThreadPolicy } = {},
): SearchService {
  if (!options.indexDir) return new SearchService(db, [lexicalEngine(db)]);
  const embedders = options.embedders ?? new EmbedderPool();
  const deps = {
    indexDir: options.indexDir,
    indexes: new IndexCache({ indexDir: options.indexDir, searchThread: options.searchThread }),
    embedders,
  };
  return new SearchService(db, [lexicalEngine(db), denseEngine(db, deps), hybridEngine(db, deps)], embedders);
}
