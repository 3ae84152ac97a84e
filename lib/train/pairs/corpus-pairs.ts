import { textKey } from "@/lib/train/negatives/text-key";
import type { PairExample } from "@/lib/train/pairs/training-example";

/** A stored document as training reads it: title, metadata, passages in order. */
export interface TrainingDocument {
  id: number;
  title: string;
  metadata: Record<string, unknown>;
  /** In document order. */
  passages: { id: number; text: string }[];
}

const FILE_NAME = /\.(txt|md|markdown|csv|tsv|jsonl?|html?|pdf|docx?|rtf|xml)(\s*#\s*\d+)?$/i;
const NUMBERED = /^(untitled|document|doc|row|record|item|page|file|chunk|passage|section)?[\s_#-]*\d+$/i;
/** One token with `_`, `-`, `.` or digits in it: a file stem such as `meeting-notes_2024`. */
const SLUG = /^(?=.*[_\-.\d])[\w.-]+$/;

/**
 * Whether a title says something about its document: not a file name (`notes.md`,
 * `data.csv #12`, which the ingest gives rows without a title column) or a file stem
 * (`meeting-notes_2024`, which it gives plain-text files), not a bare number or
 * "Document 7", and not merely a copy of the document's only text.
 */
export function isInformativeTitle(title: string, firstPassage = ""): boolean {
  const t = title.trim();
  if (t.length < 3 || FILE_NAME.test(t) || NUMBERED.test(t) || SLUG.test(t)) return false;
  const key = textKey(t);
  if (key === "" || /^\d+$/.test(key.replace(/ /g, ""))) return false;
  return key !== textKey(firstPassage);
}

/**
 * Title ↔ passage pairs: every passage of a document with an informative title is a
 * positive for that title (documents whose title is a file name or a number are skipped).
 */
export function titlePassagePairs(docs: readonly TrainingDocument[]): PairExample[] {
  return docs.flatMap((doc) => {
    if (!isInformativeTitle(doc.title, doc.passages[0]?.text)) return [];
    return doc.passages.map((p): PairExample => ({ kind: "pair", anchor: doc.title.trim(), positive: p.text }));
  });
}

/** A metadata value as text, or undefined when it holds none. */
function metadataText(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() || undefined;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/** The column as text: a metadata key, or `title` / `text` for the document's own fields. */
function columnText(doc: TrainingDocument, column: string): string | undefined {
  if (column === "title") return doc.title.trim() || undefined;
  if (column === "text") return doc.passages.map((p) => p.text).join("\n\n") || undefined;
  return metadataText(doc.metadata[column]);
}

/**
 * Pairs from two chosen columns of a tabular upload (question ↔ answer, summary ↔ body):
 * `first` and `second` name metadata keys, or `title` / `text`. Rows missing either are skipped.
 */
export function columnPairs(docs: readonly TrainingDocument[], first: string, second: string): PairExample[] {
  return docs.flatMap((doc) => {
    const a = columnText(doc, first);
    const b = columnText(doc, second);
    return a && b && a !== b ? [{ kind: "pair" as const, anchor: a, positive: b }] : [];
  });
}

/** Neighbouring passages of one document: (p0, p1), (p1, p2), … */
export function neighbourPairs(docs: readonly TrainingDocument[]): PairExample[] {
  return docs.flatMap((doc) =>
    doc.passages
      .slice(1)
      .map((p, i): PairExample => ({ kind: "pair", anchor: doc.passages[i].text, positive: p.text })),
  );
}

/** What a corpus offers for self-supervision, to pick default pair sources from. */
export interface CorpusShape {
  documents: number;
  passages: number;
  /** Documents whose title is informative ({@link isInformativeTitle}). */
  informativeTitles: number;
  /** Documents with at least two passages. */
  multiPassageDocuments: number;
  /** Metadata keys with a text value in at least half of the documents. */
  textColumns: string[];
}

/** Measures a corpus for {@link CorpusShape}. */
export function describeCorpus(docs: readonly TrainingDocument[]): CorpusShape {
  const columnCounts = new Map<string, number>();
  for (const doc of docs) {
    for (const [key, value] of Object.entries(doc.metadata)) {
      const text = metadataText(value);
      if (text && text.length >= 10 && isNaN(Number(text))) columnCounts.set(key, (columnCounts.get(key) ?? 0) + 1);
    }
  }
  return {
    documents: docs.length,
    passages: docs.reduce((n, d) => n + d.passages.length, 0),
    informativeTitles: docs.filter((d) => isInformativeTitle(d.title, d.passages[0]?.text)).length,
    multiPassageDocuments: docs.filter((d) => d.passages.length >= 2).length,
    textColumns: [...columnCounts].filter(([, n]) => n * 2 >= docs.length).map(([k]) => k),
  };
}
