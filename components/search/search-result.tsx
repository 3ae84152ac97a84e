import Link from "next/link";
import { useTranslations } from "next-intl";
import type { SearchHit, SearchMode } from "@/lib/search/search-types";
import { modelDisplayName, sourceLabel } from "@/components/models/model-labels";
import { surfaceClass } from "@/components/ui/styles";
import { HighlightedText } from "@/components/search/highlighted-text";
import { MatchWhy } from "@/components/search/match-why";

/** One search hit: document title (linking to the passage), corpus, score, highlighted passage and why it matched. */
export function SearchResult({ hit, rank, mode }: { hit: SearchHit; rank: number; mode: SearchMode }) {
  const t = useTranslations("SearchResults");
  const sources = useTranslations("ModelSource");
  return (
    <li data-testid="search-result" className={`${surfaceClass} p-5`}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h3 className="min-w-0 text-base font-semibold">
          <span className="sr-only">{t("result", { rank })} </span>
          <Link
            href={`/documents/${hit.documentId}#p-${hit.passageId}`}
            className="text-accent-700 underline-offset-2 hover:underline dark:text-accent-300"
          >
            {hit.documentTitle}
          </Link>
        </h3>
        <p className="flex items-center gap-3 text-xs text-zinc-500 dark:text-zinc-400">
          <Link
            href={`/corpora/${hit.corpusId}`}
            className="rounded bg-zinc-100 px-2 py-0.5 font-medium text-zinc-700 hover:bg-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:hover:bg-zinc-700"
          >
            {hit.corpusName}
          </Link>
          {hit.model && (
            <span data-testid="result-model" title={t("modelTitle")}>
              {t("model", {
                name: modelDisplayName(hit.model.name),
                source: sources.has(`short.${hit.model.source}`)
                  ? sources(`short.${hit.model.source}`)
                  : sourceLabel(hit.model.source),
              })}
            </span>
          )}
          <span title={t(`scoreTitle.${mode}`)}>
            {t("score")} <span className="font-mono tabular-nums">{hit.score.toFixed(mode === "hybrid" ? 4 : 2)}</span>
          </span>
        </p>
      </div>
      <p className="mt-2 text-sm leading-relaxed whitespace-pre-line text-zinc-700 dark:text-zinc-300">
        <HighlightedText text={hit.text} highlights={hit.highlights} emphasis={hit.explanation?.bestSentence} />
      </p>
      {hit.explanation && <MatchWhy explanation={hit.explanation} />}
    </li>
  );
}
