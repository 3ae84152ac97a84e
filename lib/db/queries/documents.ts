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
  // Many rows per statement: one statement per row cost a round trip each on PostgreSQL (ingest ran 4-6 times slower there).
  const stored = new Map<number, number>();
  for (const chunk of chunks(docs.entries(), DOCUMENTS_PER_INSERT)) {
    const rows = await db
      .insert(documents)
      .values(
        chunk.map(([i, doc]) => ({
          corpusId: target.corpusId,
          uploadId: target.uploadId,
          ordinal: target.firstOrdinal + i,
          title: doc.title,
          titleSegmented: ftsIndexText(doc.title),
          text: doc.text,
          metadata: doc.metadata,
          language: detectLanguage(doc.text),
        })),
      )
      .onConflictDoNothing()
      .returning({ id: documents.id, ordinal: documents.ordinal });
    for (const row of rows) stored.set(row.ordinal, row.id);
  }
  // Passages of the documents stored now, in order; a duplicate (also of an earlier row of the same statement) is skipped.
  const passageRows = docs.flatMap((doc, i) => {
    const documentId = stored.get(target.firstOrdinal + i);
    if (documentId === undefined) return [];
    return doc.passages.map((p) => ({
      corpusId: target.corpusId,
      documentId,
      ordinal: p.ordinal,
      text: p.text,
      textSegmented: ftsIndexText(p.text),
      start: p.start,
      end: p.end,
      hash: p.hash,
    }));
  });
  let inserted = 0;
  for (const chunk of chunks(passageRows.values(), PASSAGES_PER_INSERT))
    inserted += (await db.insert(passages).values(chunk).onConflictDoNothing().returning({ id: passages.id })).length;
  return { documents: stored.size, passages: inserted, duplicates: passageRows.length - inserted };
}

/** Rows per INSERT, within SQLite's 32,766 and PostgreSQL's 65,535 parameters a statement. */
const DOCUMENTS_PER_INSERT = 500;
const PASSAGES_PER_INSERT = 1000;

function* chunks<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length) yield chunk;
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
