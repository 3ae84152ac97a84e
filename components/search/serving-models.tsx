import type { SearchResponse } from "@/lib/search/search-types";

const SOURCE_LABEL: Record<string, string> = {
  hub: "pretrained",
  dir: "local folder",
  scratch: "trained from scratch on this corpus",
  finetuned: "fine-tuned on this corpus",
};

/** Says plainly which model serves semantic search, or that none does yet. */
export function ServingModels({ models }: { models: NonNullable<SearchResponse["models"]> }) {
  if (!models.length) return null;
  const names = [...new Map(models.map((m) => [m.modelVersionId, m])).values()];
  return (
    <p className="-mt-2 mb-4 text-xs text-zinc-500 dark:text-zinc-400" data-testid="serving-model">
      Semantic model: {names.map((m) => `${m.name} (${SOURCE_LABEL[m.source] ?? m.source})`).join(", ")}
    </p>
  );
}
