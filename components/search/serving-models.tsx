import { useTranslations } from "next-intl";
import type { SearchResponse } from "@/lib/search/search-types";
import { modelDisplayName } from "@/components/models/model-labels";

/** Says plainly which model serves semantic search, or that none does yet. */
export function ServingModels({ models }: { models: NonNullable<SearchResponse["models"]> }) {
  const t = useTranslations("SearchResults");
  if (!models.length) return null;
  const names = [...new Map(models.map((m) => [m.modelVersionId, m])).values()];
  return (
    <p
      className="-mt-2 mb-4 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-zinc-500 dark:text-zinc-400"
      data-testid="serving-model"
    >
      <span>{t("semanticModels", { count: names.length })}</span>
      {names.map((m) => (
        <span key={m.modelVersionId} className="inline-flex items-center gap-1.5">
          <span
            title={m.name}
            className="rounded bg-white px-1.5 py-0.5 font-medium text-zinc-700 ring-1 ring-zinc-200 ring-inset dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700"
          >
            {modelDisplayName(m.name)}
          </span>
          <span>({t.has(`servingSource.${m.source}`) ? t(`servingSource.${m.source}`) : m.source})</span>
        </span>
      ))}
    </p>
  );
}
