import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { detectLanguage } from "@/lib/text/detect-language";
import { ftsIndexText } from "@/lib/db/fts-text";
import { documents, passages } from "@/lib/db/tables";
import type { DocumentRow, PassageRow } from "@/lib/db/schema";

/** A document ready to be stored: its text, and its passages with offsets and dedupe hashes. */
export interface DocumentInput {
  title: string;
  text: string;
  metadata: Record<string, unknown>;
  passages: { ordinal: number; text: string; start: number; end: number; hash: string }[];
}

export interface InsertCounts {
  documents: number;
  passages: number;
  duplicates: number;
}

/**
 * Stores documents `firstOrdinal, firstOrdinal+1, ...` of an upload with their passages.
 * Passages whose hash already exists in the corpus are dropped (exact duplicates), and a
 * document already stored at the same (upload, ordinal) is skipped, so replaying a batch adds nothing.
 * Run it inside the caller's transaction together with the job checkpoint.
 */
export async function insertDocuments(
  db: Db,
  target: { corpusId: number; uploadId: number | null; firstOrdinal: number },
  docs: DocumentInput[],
): Promise<InsertCounts> {
  const counts: InsertCounts = { documents: 0, passages: 0, duplicates: 0 };
  for (const [i, doc] of docs.entries()) {
    const [row] = await db
      .insert(documents)
      .values({
        corpusId: target.corpusId,
        uploadId: target.uploadId,
        ordinal: target.firstOrdinal + i,
        title: doc.title,
        titleSegmented: ftsIndexText(doc.title),
        text: doc.text,
        metadata: doc.metadata,
        language: detectLanguage(doc.text),
      })
      .onConflictDoNothing()
      .returning({ id: documents.id });
    if (!row) continue;
    counts.documents++;
    for (const p of doc.passages) {
      const inserted = await db
        .insert(passages)
        .values({
          corpusId: target.corpusId,
          documentId: row.id,
          ordinal: p.ordinal,
          text: p.text,
          textSegmented: ftsIndexText(p.text),
          start: p.start,
          end: p.end,
          hash: p.hash,
        })
        .onConflictDoNothing()
        .returning({ id: passages.id });
      if (inserted.length) counts.passages++;
      else counts.duplicates++;
    }
  }
  return counts;
}

/** A page of a corpus's documents, newest upload last, with passage counts. */
export async function listDocuments(db: Db, corpusId: number, page: { limit: number; offset: number }) {
  const rows = await db
    .select({
      id: documents.id,
      title: documents.title,
      metadata: documents.metadata,
      createdAt: documents.createdAt,
      length: sql<number>`length(${documents.text})`.mapWith(Number),
      passageCount: sql<number>`(select count(*) from passages p where p.document_id = documents.id)`.mapWith(Number),
    })
    .from(documents)
    .where(eq(documents.corpusId, corpusId))
    .orderBy(asc(documents.id))
    .limit(page.limit)
    .offset(page.offset);
  const total = await db.$count(documents, eq(documents.corpusId, corpusId));
  return { rows, total };
}

/** A document with its passages in order. */
export async function getDocument(
  db: Db,
  id: number,
): Promise<(Omit<DocumentRow, "titleSegmented"> & { passages: Omit<PassageRow, "textSegmented">[] }) | undefined> {
  const [row] = await db.select().from(documents).where(eq(documents.id, id));
  if (!row) return undefined;
  // The keyword index's forms of the text are internal: callers (the API) get the text as stored.
  const { titleSegmented: _title, ...doc } = row;
  const parts = await db.select().from(passages).where(eq(passages.documentId, id)).orderBy(asc(passages.ordinal));
  return { ...doc, passages: parts.map(({ textSegmented: _text, ...p }) => p) };
}

/** Number of passages a corpus holds. */
export function countPassages(db: Db, corpusId: number): Promise<number> {
  return db.$count(passages, eq(passages.corpusId, corpusId));
}
