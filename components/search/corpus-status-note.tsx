import Link from "next/link";
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
  if (searchableCount > 0) return null;
  if (corpusCount === 0) {
    return (
      <Alert tone="info" title="There is nothing to search yet">
        Create a corpus and upload documents on the{" "}
        <Link href="/corpora" className={linkClass}>
          Corpora
        </Link>{" "}
        page.
      </Alert>
    );
  }
  if (activeIngests > 0) {
    return (
      <Alert tone="info" title="Your documents are still being ingested">
        Search will find them as soon as the ingest finishes. Follow its progress on the{" "}
        <Link href="/jobs" className={linkClass}>
          Jobs
        </Link>{" "}
        page.
      </Alert>
    );
  }
  return (
    <Alert tone="warning" title="Your corpora are empty">
      Upload documents to a corpus on the{" "}
      <Link href="/corpora" className={linkClass}>
        Corpora
      </Link>{" "}
      page, then search them here.
    </Alert>
  );
}
