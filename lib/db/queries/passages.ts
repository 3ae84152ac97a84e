import "server-only";
import { and, asc, eq, gt, inArray, type Placeholder, type SQL, sql } from "drizzle-orm";
import { databaseDialect } from "@/lib/db/dialect";
import { prepared } from "@/lib/db/prepared";
import { type Db, rawRows } from "@/lib/db/client";
import { corpora, documents, passages } from "@/lib/db/tables";
import { metadataConditions } from "@/lib/db/queries/lexical-search";

/** The next `limit` passages of a corpus after `afterId`, in id order (for embedding in resumable batches). */
export function passagesAfter(
  db: Db,
  corpusId: number,
  afterId: number,
  limit: number,
): Promise<{ id: number; text: string }[]> {
  return db
    .select({ id: passages.id, text: passages.text })
    .from(passages)
    .where(and(eq(passages.corpusId, corpusId), gt(passages.id, afterId)))
    .orderBy(asc(passages.id))
    .limit(limit);
}

/** All passage ids of a corpus, ascending. */
export async function passageIds(db: Db, corpusId: number): Promise<number[]> {
  const rows = await db
    .select({ id: passages.id })
    .from(passages)
    .where(eq(passages.corpusId, corpusId))
    .orderBy(asc(passages.id));
  return rows.map((r) => r.id);
}

/** A passage with its document and corpus names, as a search hit needs it. */
export interface PassageWithContext {
  passageId: number;
  documentId: number;
  corpusId: number;
  corpusName: string;
  documentTitle: string;
  ordinal: number;
  start: number;
  end: number;
  text: string;
}

/** The integers of a JSON array given as one parameter, as a subquery (one placeholder, whatever the count). */
function jsonIntArray(param: Placeholder): SQL {
  return databaseDialect() === "postgres"
    ? sql`(select (jsonb_array_elements_text(${param}::jsonb))::int)`
    : sql`(select value from json_each(${param}))`;
}

/** Passages by id with their document and corpus, in no particular order. */
const passagesByIds = (db: Db) =>
  db
    .select({
      passageId: passages.id,
      documentId: passages.documentId,
      corpusId: passages.corpusId,
      corpusName: corpora.name,
      documentTitle: documents.title,
      ordinal: passages.ordinal,
      start: passages.start,
      end: passages.end,
      text: passages.text,
    })
    .from(passages)
    .innerJoin(documents, eq(documents.id, passages.documentId))
    .innerJoin(corpora, eq(corpora.id, passages.corpusId))
    .where(inArray(passages.id, jsonIntArray(sql.placeholder("ids"))))
    .prepare();

export async function passagesWithContext(db: Db, ids: number[]): Promise<PassageWithContext[]> {
  if (!ids.length) return [];
  return prepared(db, passagesByIds).execute({ ids: JSON.stringify(ids) });
}

/** Ids of passages whose document metadata matches every filter, optionally in one corpus. */
export async function passageIdsMatching(
  db: Db,
  filters: Record<string, string | number | boolean>,
  corpusId?: number,
): Promise<Set<number>> {
  const corpus = corpusId === undefined ? sql`` : sql`and p.corpus_id = ${corpusId}`;
  const rows = await rawRows<{ id: number }>(
    db,
    sql`select p.id as id from passages p join documents d on d.id = p.document_id where 1 = 1 ${corpus} ${metadataConditions(filters)}`,
  );
  return new Set(rows.map((r) => r.id));
}
