import { useTranslations } from "next-intl";
import type { SearchResponse } from "@/lib/search/search-types";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { Pagination } from "@/components/ui/pagination";
import { SearchResult } from "@/components/search/search-result";
import { ServingModels } from "@/components/search/serving-models";

/** Props of {@link SearchResults}. */
export interface SearchResultsProps {
  response: SearchResponse;
  /** 1-based page. */
  page: number;
  pageSize: number;
  /** True when at least one more result exists after this page. */
  hasMore: boolean;
  href: (page: number) => string;
  /** True when the search was limited to one corpus. */
  filtered?: boolean;
}

/** A page of results with timing, the engine's notice, and previous/next links. */
export function SearchResults({ response, page, pageSize, hasMore, href, filtered }: SearchResultsProps) {
  const t = useTranslations("SearchResults");
  const first = (page - 1) * pageSize + 1;
  const shown = response.results.length;
  return (
    <section aria-labelledby="results-heading" className="mt-8">
      <h2 id="results-heading" className="sr-only">
        {t("results")}
      </h2>
      <p role="status" className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
        {t.rich(shown === 0 ? "noResultsFor" : "resultsFor", {
          from: first,
          to: first + shown - 1,
          query: () => <span className="font-medium text-zinc-900 dark:text-zinc-100">“{response.query}”</span>,
        })}
        <span className="text-zinc-400 dark:text-zinc-500"> · </span>
        {t("took", { ms: response.tookMs })}
        <span className="text-zinc-400 dark:text-zinc-500"> · </span>
        {t(`mode.${response.mode}`)}
      </p>
      <ServingModels models={response.models ?? []} />
      {response.notice && (
        <div className="mb-4">
          <Alert tone="warning">{response.notice}</Alert>
        </div>
      )}
      {shown === 0 ? (
        <EmptyState title={page > 1 ? t("noMore") : t("noMatch")} testId="search-empty">
          {page > 1 ? t("goBack") : filtered ? t("checkSpellingFiltered") : t("checkSpelling")}
        </EmptyState>
      ) : (
        <ol className="space-y-4" start={first}>
          {response.results.map((hit, i) => (
            <SearchResult key={hit.passageId} hit={hit} rank={first + i} mode={response.mode} />
          ))}
        </ol>
      )}
      <Pagination page={page} hasPrevious={page > 1} hasNext={hasMore} href={href} label={t("pages")} />
    </section>
  );
}
