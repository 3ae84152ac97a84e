import Link from "next/link";
import { useTranslations } from "next-intl";
import { buttonClass } from "@/components/ui/styles";

/** Props of {@link Pagination}. */
export interface PaginationProps {
  /** 1-based page being shown. */
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  /** Builds the link to another page, keeping the rest of the query string. */
  href: (page: number) => string;
  /** Summary between the buttons, e.g. "Page 2 of 7". */
  summary?: string;
  label?: string;
}

const disabledClass = buttonClass("secondary", "pointer-events-none opacity-40");

/** Previous / next links; plain links, so paging works without JavaScript. */
export function Pagination({ page, hasPrevious, hasNext, href, summary, label }: PaginationProps) {
  const t = useTranslations("Common");
  if (!hasPrevious && !hasNext) return null;
  return (
    <nav aria-label={label ?? t("pagination")} className="mt-6 flex items-center justify-between gap-4">
      {hasPrevious ? (
        <Link href={href(page - 1)} rel="prev" className={buttonClass("secondary")}>
          ← {t("previous")}
        </Link>
      ) : (
        <span aria-disabled="true" className={disabledClass}>
          ← {t("previous")}
        </span>
      )}
      <span className="text-sm text-zinc-600 dark:text-zinc-400">{summary ?? t("page", { page })}</span>
      {hasNext ? (
        <Link href={href(page + 1)} rel="next" className={buttonClass("secondary")}>
          {t("next")} →
        </Link>
      ) : (
        <span aria-disabled="true" className={disabledClass}>
          {t("next")} →
        </span>
      )}
    </nav>
  );
}
