import { getTranslations } from "next-intl/server";
import { appServices } from "@/lib/app-services";
import { listCorpora } from "@/lib/db/queries/corpora";
import { listJobs } from "@/lib/db/queries/jobs";
import { firstParam, pageParam, positiveIntParam, type SearchParams } from "@/lib/web/page-params";
import { CorpusStatusNote } from "@/components/search/corpus-status-note";
import { SearchForm } from "@/components/search/search-form";
import { SearchIntro } from "@/components/search/search-intro";
import { SearchResults } from "@/components/search/search-results";
import { PageHeader } from "@/components/ui/page-header";
import type { SearchMode } from "@/lib/search/search-types";
import { redirect } from "next/navigation";
import { needsSetup } from "@/lib/auth/accounts";
import { pageAccess, readableCorpora } from "@/app/_auth/page-guard";

export const dynamic = "force-dynamic";

const PAGE_SIZE = 10;
// The API caps offsets at MAX_SEARCH_OFFSET (1,000); keep page links inside that.
const MAX_PAGE = 100;

/** Search (home): a GET form and server-rendered results (hybrid by default), so every result page has a URL. */
export default async function SearchPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const { db, search, cfg } = appServices();
  const query = firstParam(params, "q").trim().slice(0, cfg.auth.maxQueryChars);
  const page = pageParam(params, "page", MAX_PAGE);
  const access = await pageAccess();
  // Anonymous visitors see the corpora an admin made public, and search one of them at a time.
  const corpora = await readableCorpora(access, await listCorpora(db));
  if (!access.isLoggedIn && corpora.length === 0) redirect((await needsSetup(db)) ? "/setup" : "/login?next=/");
  const corpusParam = positiveIntParam(params, "corpus");
  const corpusId = corpora.some((c) => c.id === corpusParam)
    ? corpusParam
    : access.isLoggedIn
      ? undefined
      : corpora[0].id;
  const searchable = corpora.filter((c) => c.passageCount > 0).length;
  const activeIngests = (await listJobs(db, { limit: 100 })).filter(
    (j) => j.type === "ingest" && (j.status === "queued" || j.status === "running"),
  ).length;

  // One extra result tells whether a next page exists without a count query.
  const modeParam = firstParam(params, "mode");
  const mode: SearchMode = modeParam === "lexical" || modeParam === "dense" ? modeParam : "hybrid";
  // Hybrid fuses as learnt for the corpus's model unless the URL says otherwise (?fusion=weighted&alpha=0.7, ?fusion=rrf).
  const fusionParam = firstParam(params, "fusion");
  const fusion = fusionParam === "rrf" || fusionParam === "weighted" ? fusionParam : undefined;
  const alphaParam = firstParam(params, "alpha");
  const alpha =
    fusion === "weighted" && alphaParam !== "" && Number(alphaParam) >= 0 && Number(alphaParam) <= 1
      ? Number(alphaParam)
      : undefined;
  const response = query
    ? await search.search({
        query,
        mode,
        corpusId,
        k: PAGE_SIZE + 1,
        offset: (page - 1) * PAGE_SIZE,
        explain: true,
        fusion,
        alpha,
      })
    : null;
  const hasMore = page < MAX_PAGE && (response?.results.length ?? 0) > PAGE_SIZE;
  const visible = response && { ...response, results: response.results.slice(0, PAGE_SIZE) };
  const href = (p: number) =>
    `/?${new URLSearchParams({ q: query, ...(corpusId ? { corpus: String(corpusId) } : {}), ...(mode !== "hybrid" ? { mode } : {}), ...(fusion ? { fusion } : {}), ...(alpha !== undefined ? { alpha: String(alpha) } : {}), ...(p > 1 ? { page: String(p) } : {}) })}`;

  const t = await getTranslations("Search");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <SearchForm query={query} corpusId={corpusId} corpora={corpora} mode={mode} allowAll={access.isLoggedIn} />
      {searchable === 0 && (
        <div className="mt-6">
          <CorpusStatusNote corpusCount={corpora.length} searchableCount={searchable} activeIngests={activeIngests} />
        </div>
      )}
      {visible ? (
        <SearchResults
          response={visible}
          page={page}
          pageSize={PAGE_SIZE}
          hasMore={hasMore}
          href={href}
          filtered={corpusId !== undefined}
        />
      ) : (
        searchable > 0 && (
          <div className="mt-6">
            <SearchIntro corpusId={corpusId} />
          </div>
        )
      )}
    </>
  );
}
