import "server-only";
import { DomainError } from "@/lib/core/domain-error";
import { asc, eq, sql } from "drizzle-orm";
import { prepared } from "@/lib/db/prepared";
import { type Db, writeTransaction } from "@/lib/db/client";
import { corpora, jobs } from "@/lib/db/tables";
import type { Corpus } from "@/lib/db/schema";

/** A corpus with its document and passage counts. */
export interface CorpusSummary extends Corpus {
  documentCount: number;
  passageCount: number;
}

/** Thrown when a corpus name is taken. */
export class DuplicateCorpusError extends DomainError {
  constructor(message: string) {
    super("conflict", message);
  }
}

/** Creates a corpus; names are unique (case-sensitive) and trimmed. */
export async function createCorpus(db: Db, input: { name: string; description?: string }): Promise<Corpus> {
  const name = input.name.trim();
  if (await getCorpusByName(db, name))
    throw new DuplicateCorpusError(`a corpus named "${name}" already exists; choose another name`);
  const [corpus] = await db
    .insert(corpora)
    .values({ name, description: input.description?.trim() ?? "" })
    .returning();
  return corpus;
}

const corpusById = (db: Db) =>
  db
    .select()
    .from(corpora)
    .where(eq(corpora.id, sql.placeholder("id")))
    .prepare();

export async function getCorpus(db: Db, id: number): Promise<Corpus | undefined> {
  const [corpus] = await prepared(db, corpusById).execute({ id });
  return corpus;
}

export async function getCorpusByName(db: Db, name: string): Promise<Corpus | undefined> {
  const [corpus] = await db.select().from(corpora).where(eq(corpora.name, name));
  return corpus;
}

/** All corpora, oldest first, with counts. */
export function listCorpora(db: Db): Promise<CorpusSummary[]> {
  return db
    .select({
      id: corpora.id,
      name: corpora.name,
      description: corpora.description,
      liveModelVersionId: corpora.liveModelVersionId,
      public: corpora.public,
      createdAt: corpora.createdAt,
      // Written out: drizzle leaves columns unqualified inside sql``, which a correlated subquery cannot afford.
      documentCount: sql<number>`(select count(*) from documents d where d.corpus_id = corpora.id)`.mapWith(Number),
      passageCount: sql<number>`(select count(*) from passages p where p.corpus_id = corpora.id)`.mapWith(Number),
    })
    .from(corpora)
    .orderBy(asc(corpora.id));
}

export async function getCorpusSummary(db: Db, id: number): Promise<CorpusSummary | undefined> {
  return (await listCorpora(db)).find((c) => c.id === id);
}

/** Deletes a corpus with its documents, passages and uploads; its jobs are cancelled. */
export function deleteCorpus(db: Db, id: number): Promise<boolean> {
  return writeTransaction(db, async (tx) => {
    await tx
      .update(jobs)
      .set({ cancelRequested: true })
      .where(sql`${jobs.corpusId} = ${id} and ${jobs.status} in ('queued', 'running')`);
    await tx
      .update(jobs)
      .set({ status: "cancelled", finishedAt: Date.now() })
      .where(sql`${jobs.corpusId} = ${id} and ${jobs.status} = 'queued'`);
    const deleted = await tx.delete(corpora).where(eq(corpora.id, id)).returning({ id: corpora.id });
    return deleted.length > 0;
  });
}

/** True when nothing has ever been stored: no corpus and no job. */
export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  return (await db.$count(corpora)) + (await db.$count(jobs)) === 0;
}

/** Allows or stops anonymous reading of a corpus; false when there is no such corpus. */
export async function setCorpusPublic(db: Db, id: number, isPublic: boolean): Promise<boolean> {
  const updated = await db
    .update(corpora)
    .set({ public: isPublic })
    .where(eq(corpora.id, id))
    .returning({ id: corpora.id });
  return updated.length > 0;
}

/** Ids of the corpora anyone may read without logging in. */
export async function publicCorpusIds(db: Db): Promise<Set<number>> {
  const rows = await db.select({ id: corpora.id }).from(corpora).where(eq(corpora.public, true));
  return new Set(rows.map((r) => r.id));
}
