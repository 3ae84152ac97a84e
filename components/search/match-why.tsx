import { useTranslations } from "next-intl";
import type { MatchExplanation } from "@/lib/search/search-types";

/** Why a result matched: the shared query words and, in hybrid search, its rank in each list. */
export function MatchWhy({ explanation }: { explanation: MatchExplanation }) {
  const { sharedTerms, sources } = explanation;
  const t = useTranslations("Search");
  if (!sharedTerms.length && !sources) return null;
  return (
    <p
      className="mt-3 flex flex-wrap items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400"
      data-testid="match-why"
    >
      {sharedTerms.length > 0 ? (
        <>
          <span>{t("sharedWords")}</span>
          {sharedTerms.map((t) => (
            <span
              key={t}
              className="rounded bg-amber-100 px-1.5 py-0.5 font-medium text-amber-900 dark:bg-amber-900/40 dark:text-amber-200"
            >
              {t}
            </span>
          ))}
        </>
      ) : (
        <span>{t("noSharedWords")}</span>
      )}
      {sources && (
        <span className="ml-auto">
          {sources.dense ? t("semanticRank", { rank: sources.dense.rank }) : t("notSemantic")}
          {" · "}
          {sources.lexical ? t("keywordRank", { rank: sources.lexical.rank }) : t("notKeyword")}
        </span>
      )}
    </p>
  );
}
