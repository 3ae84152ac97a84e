import "server-only";
import { DomainError } from "@/lib/core/domain-error";
import { asc, eq, sql } from "drizzle-orm";
import { prepared } from "@/lib/db/prepared";
import { type Db, writeTransaction } from "@/lib/db/client";
import { corpora, jobs, type Corpus } from "@/lib/db/schema";

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
export function createCorpus(db: Db, input: { name: string; description?: string }): Corpus {
  const name = input.name.trim();
  const existing = db.select().from(corpora).where(eq(corpora.name, name)).get();
  if (existing) throw new DuplicateCorpusError(`a corpus named "${name}" already exists; choose another name`);
  return db
    .insert(corpora)
    .values({ name, description: input.description?.trim() ?? "" })
    .returning()
    .get();
}

const corpusById = (db: Db) =>
  db
    .select()
    .from(corpora)
    .where(eq(corpora.id, sql.placeholder("id")))
    .prepare();

export function getCorpus(db: Db, id: number): Corpus | undefined {
  return prepared(db, corpusById).get({ id });
}

export function getCorpusByName(db: Db, name: string): Corpus | undefined {
  return db.select().from(corpora).where(eq(corpora.name, name)).get();
}

/** All corpora, oldest first, with counts. */
export function listCorpora(db: Db): CorpusSummary[] {
  return db
    .select({
      id: corpora.id,
      name: corpora.name,
      description: corpora.description,
      liveModelVersionId: corpora.liveModelVersionId,
      public: corpora.public,
      createdAt: corpora.createdAt,
      // Written out: drizzle leaves columns unqualified inside sql``, which a correlated subquery cannot afford.
      documentCount: sql<number>`(select count(*) from documents d where d.corpus_id = corpora.id)`,
      passageCount: sql<number>`(select count(*) from passages p where p.corpus_id = corpora.id)`,
    })
    .from(corpora)
    .orderBy(asc(corpora.id))
    .all();
}

export function getCorpusSummary(db: Db, id: number): CorpusSummary | undefined {
  return listCorpora(db).find((c) => c.id === id);
}

/** Deletes a corpus with its documents, passages and uploads; its jobs are cancelled. */
export function deleteCorpus(db: Db, id: number): boolean {
  return writeTransaction(db, (tx) => {
    tx.update(jobs)
      .set({ cancelRequested: true })
      .where(sql`${jobs.corpusId} = ${id} and ${jobs.status} in ('queued', 'running')`)
      .run();
    tx.update(jobs)
      .set({ status: "cancelled", finishedAt: Date.now() })
      .where(sql`${jobs.corpusId} = ${id} and ${jobs.status} = 'queued'`)
      .run();
    return tx.delete(corpora).where(eq(corpora.id, id)).run().changes > 0;
  });
}

/** True when nothing has ever been stored: no corpus and no job. */
export function isDatabaseEmpty(db: Db): boolean {
  const row = db.get<{ n: number }>(
    sql`select (select count(*) from ${corpora}) + (select count(*) from ${jobs}) as n`,
  );
  return row.n === 0;
}

/** Allows or stops anonymous reading of a corpus; false when there is no such corpus. */
export function setCorpusPublic(db: Db, id: number, isPublic: boolean): boolean {
  return db.update(corpora).set({ public: isPublic }).where(eq(corpora.id, id)).run().changes > 0;
}

/** Ids of the corpora anyone may read without logging in. */
export function publicCorpusIds(db: Db): Set<number> {
  return new Set(
    db
      .select({ id: corpora.id })
      .from(corpora)
      .where(eq(corpora.public, true))
      .all()
      .map((r) => r.id),
  );
}
