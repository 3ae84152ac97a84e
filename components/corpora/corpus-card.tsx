import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import type { CorpusSummary } from "@/lib/db/queries/corpora";
import { formatCount, formatDate, isoTime } from "@/components/ui/format";
import { surfaceClass } from "@/components/ui/styles";

/** One corpus in the list: name (link), description, counts, creation date, and whether it is ingesting. */
export function CorpusCard({ corpus, ingesting }: { corpus: CorpusSummary; ingesting: boolean }) {
  const t = useTranslations("Corpora");
  const locale = useLocale();
  return (
    <li
      className={`${surfaceClass} relative flex flex-col p-5 transition-shadow focus-within:ring-2 focus-within:ring-accent-500 hover:shadow-md`}
    >
      <div className="flex items-start justify-between gap-3">
        <h3 className="min-w-0 truncate text-base font-semibold">
          {/* The link covers the whole card (after:inset-0) so the card is one click target. */}
          <Link
            href={`/corpora/${corpus.id}`}
            data-testid="corpus-link"
            className="text-zinc-900 after:absolute after:inset-0 focus:outline-none dark:text-zinc-50"
          >
            {corpus.name}
          </Link>
        </h3>
        {ingesting && (
          <span className="inline-flex shrink-0 items-center gap-1.5 rounded-full bg-accent-50 px-2 py-0.5 text-xs font-medium text-accent-700 dark:bg-accent-950 dark:text-accent-300">
            <span aria-hidden="true" className="h-1.5 w-1.5 animate-pulse rounded-full bg-accent-500" />
            {t("ingesting")}
          </span>
        )}
      </div>
      <p className="mt-1 line-clamp-2 min-h-10 text-sm text-zinc-600 dark:text-zinc-400">
        {corpus.description || <span className="italic text-zinc-400 dark:text-zinc-500">{t("noDescription")}</span>}
      </p>
      <dl className="mt-4 grid grid-cols-3 gap-2 border-t border-zinc-100 pt-4 text-sm dark:border-zinc-800">
        <div>
          <dt className="text-xs text-zinc-500 dark:text-zinc-400">{t("documents")}</dt>
          <dd className="font-medium tabular-nums">{formatCount(corpus.documentCount)}</dd>
        </div>
        <div>
          <dt className="text-xs text-zinc-500 dark:text-zinc-400">{t("passages")}</dt>
          <dd className="font-medium tabular-nums">{formatCount(corpus.passageCount)}</dd>
        </div>
        <div>
          <dt className="text-xs text-zinc-500 dark:text-zinc-400">{t("created")}</dt>
          <dd className="font-medium">
            <time dateTime={isoTime(corpus.createdAt)}>{formatDate(corpus.createdAt, locale)}</time>
          </dd>
        </div>
      </dl>
    </li>
  );
}
