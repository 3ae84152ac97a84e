import type { SearchResponse } from "@/lib/search/search-types";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { Pagination } from "@/components/ui/pagination";
import { SearchResult } from "@/components/search/search-result";
import { ServingModels } from "@/components/search/serving-models";

const MODE_LABEL = { lexical: "keyword (BM25)", dense: "semantic", hybrid: "hybrid (semantic + keyword)" } as const;

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
  const first = (page - 1) * pageSize + 1;
  const shown = response.results.length;
  return (
    <section aria-labelledby="results-heading" className="mt-8">
      <h2 id="results-heading" className="sr-only">
        Results
      </h2>
      <p role="status" className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">
        {shown === 0 ? "No results" : `Results ${first}–${first + shown - 1}`} for{" "}
        <span className="font-medium text-zinc-900 dark:text-zinc-100">“{response.query}”</span>
        <span className="text-zinc-400 dark:text-zinc-500"> · </span>
        took {response.tookMs} ms
        <span className="text-zinc-400 dark:text-zinc-500"> · </span>
        {MODE_LABEL[response.mode]} search
      </p>
      <ServingModels models={response.models ?? []} />
      {response.notice && (
        <div className="mb-4">
          <Alert tone="warning">{response.notice}</Alert>
        </div>
      )}
      {shown === 0 ? (
        <EmptyState title={page > 1 ? "No more results" : "No passages match your query"} testId="search-empty">
          {page > 1
            ? "Go back to the previous page."
            : `Check the spelling or use other words${filtered ? ", or search all corpora" : ""}.`}
        </EmptyState>
      ) : (
        <ol className="space-y-4" start={first}>
          {response.results.map((hit, i) => (
            <SearchResult key={hit.passageId} hit={hit} rank={first + i} mode={response.mode} />
          ))}
        </ol>
      )}
      <Pagination page={page} hasPrevious={page > 1} hasNext={hasMore} href={href} label="Result pages" />
    </section>
  );
}
