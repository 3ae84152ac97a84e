import { useTranslations } from "next-intl";
import type { CorpusSummary } from "@/lib/db/queries/corpora";
import type { SearchMode } from "@/lib/search/search-types";
import { buttonClass, fieldClass } from "@/components/ui/styles";

/** Props of {@link SearchForm}. */
export interface SearchFormProps {
  query: string;
  corpusId?: number;
  corpora: Pick<CorpusSummary, "id" | "name">[];
  /** Offer "All corpora" (not to anonymous visitors, who search one public corpus at a time). */
  allowAll?: boolean;
  mode: SearchMode;
}

const MODES: SearchMode[] = ["hybrid", "dense", "lexical"];

/**
 * The search box: a plain GET form, so results have a linkable URL (`/?q=…&corpus=…`) and the
 * page works without JavaScript. Enter submits.
 */
export function SearchForm({ query, corpusId, corpora, mode, allowAll = true }: SearchFormProps) {
  const t = useTranslations("Search");
  return (
    <form
      action="/"
      method="get"
      role="search"
      aria-label={t("label")}
      className="flex flex-col gap-3 sm:flex-row sm:items-end"
    >
      <div className="flex-1">
        <label htmlFor="search-q" className="sr-only">
          {t("query")}
        </label>
        <div className="relative">
          <svg
            aria-hidden="true"
            viewBox="0 0 20 20"
            fill="currentColor"
            className="pointer-events-none absolute left-3 top-1/2 h-5 w-5 -translate-y-1/2 text-zinc-400"
          >
            <path
              fillRule="evenodd"
              d="M9 3.5a5.5 5.5 0 1 0 3.4 9.83l3.63 3.64a.75.75 0 1 0 1.06-1.06l-3.63-3.64A5.5 5.5 0 0 0 9 3.5ZM5 9a4 4 0 1 1 8 0 4 4 0 0 1-8 0Z"
              clipRule="evenodd"
            />
          </svg>
          <input
            id="search-q"
            name="q"
            type="search"
            defaultValue={query}
            autoFocus
            maxLength={1000}
            placeholder={t("placeholder")}
            autoComplete="off"
            data-testid="search-input"
            className={`${fieldClass} py-2.5 pl-10 text-base`}
          />
        </div>
      </div>
      <div className="sm:w-56">
        <label htmlFor="search-corpus" className="sr-only">
          {t("corpus")}
        </label>
        <select id="search-corpus" name="corpus" defaultValue={corpusId ?? ""} className={`${fieldClass} py-2.5`}>
          {allowAll && <option value="">{t("allCorpora")}</option>}
          {corpora.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <div className="sm:w-36">
        <label htmlFor="search-mode" className="sr-only">
          {t("mode")}
        </label>
        <select
          id="search-mode"
          name="mode"
          defaultValue={mode}
          data-testid="search-mode"
          className={`${fieldClass} py-2.5`}
        >
          {MODES.map((m) => (
            <option key={m} value={m}>
              {t(m)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className={buttonClass("primary", "py-2.5")}>
        {t("submit")}
      </button>
    </form>
  );
}
