import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { documents, passages } from "@/lib/db/tables";

/** A document as training reads it: title, metadata, passages in order (the shape of lib/train's TrainingDocument). */
export interface TrainingDocumentRow {
  id: number;
  title: string;
  metadata: Record<string, unknown>;
  passages: { id: number; text: string }[];
}

/**
 * Every document of a corpus with its passages in order, for training: two ordered scans
 * joined in memory (a corpus of 100k passages is a few tens of megabytes).
 */
export async function loadTrainingDocuments(db: Db, corpusId: number): Promise<TrainingDocumentRow[]> {
  const docs = await db
    .select({ id: documents.id, title: documents.title, metadata: documents.metadata })
    .from(documents)
    .where(eq(documents.corpusId, corpusId))
    .orderBy(asc(documents.id));
  const byId = new Map<number, TrainingDocumentRow>(
    docs.map((d) => [d.id, { id: d.id, title: d.title, metadata: d.metadata, passages: [] }]),
  );
  const rows = await db
    .select({ id: passages.id, documentId: passages.documentId, text: passages.text })
    .from(passages)
    .where(eq(passages.corpusId, corpusId))
    .orderBy(asc(passages.documentId), asc(passages.ordinal));
  for (const p of rows) byId.get(p.documentId)?.passages.push({ id: p.id, text: p.text });
  return [...byId.values()];
}

/** What a corpus offers the structural pair sources, counted without loading it: documents, and those with several passages. */
export async function corpusPairShape(db: Db, corpusId: number): Promise<{ documents: number; multiPassage: number }> {
  const documentsCount = await db.$count(documents, eq(documents.corpusId, corpusId));
  const perDocument = db
    .select({ documentId: passages.documentId })
    .from(passages)
    .where(eq(passages.corpusId, corpusId))
    .groupBy(passages.documentId)
    .having(sql`count(*) >= 2`)
    .as("multi");
  const [multi] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(perDocument);
  const multiPassage = multi?.n ?? 0;
  return { documents: documentsCount, multiPassage };
}
