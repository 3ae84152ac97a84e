import Link from "next/link";
import { useTranslations } from "next-intl";
import { Alert } from "@/components/ui/alert";
import { linkClass } from "@/components/ui/styles";

/** Props of {@link CorpusStatusNote}. */
export interface CorpusStatusNoteProps {
  corpusCount: number;
  /** Corpora that hold at least one passage. */
  searchableCount: number;
  /** Ingest jobs queued or running. */
  activeIngests: number;
}

/**
 * Explains why search cannot find anything yet: no corpus, or corpora still being ingested
 * or empty. Renders nothing once some corpus is searchable.
 */
export function CorpusStatusNote({ corpusCount, searchableCount, activeIngests }: CorpusStatusNoteProps) {
  const t = useTranslations("SearchStatus");
  if (searchableCount > 0) return null;
  if (corpusCount === 0) {
    return (
      <Alert tone="info" title={t("nothing")}>
        {t.rich("nothingText", {
          corpora: (chunks) => (
            <Link href="/corpora" className={linkClass}>
              {chunks}
            </Link>
          ),
        })}
      </Alert>
    );
  }
  if (activeIngests > 0) {
    return (
      <Alert tone="info" title={t("ingesting")}>
        {t.rich("ingestingText", {
          jobs: (chunks) => (
            <Link href="/jobs" className={linkClass}>
              {chunks}
            </Link>
          ),
        })}
      </Alert>
    );
  }
  return (
    <Alert tone="warning" title={t("empty")}>
      {t.rich("emptyText", {
        corpora: (chunks) => (
          <Link href="/corpora" className={linkClass}>
            {chunks}
          </Link>
        ),
      })}
    </Alert>
  );
}
