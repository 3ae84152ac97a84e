import { and, desc, eq, ne } from "drizzle-orm";
import type { Db } from "../client";
import { corpora, modelVersions, type ModelVersion } from "../schema";

export type ModelSource = "hub" | "dir" | "scratch" | "finetuned";

export function createModelVersion(db: Db, input: { corpusId: number; name: string; source: ModelSource; baseModel: string; path?: string | null; status?: string }): ModelVersion {
  return db.insert(modelVersions).values(input).returning().get();
}

export function getModelVersion(db: Db, id: number): ModelVersion | undefined {
  return db.select().from(modelVersions).where(eq(modelVersions.id, id)).get();
}

export function listModelVersions(db: Db, corpusId: number): ModelVersion[] {
  return db.select().from(modelVersions).where(eq(modelVersions.corpusId, corpusId)).orderBy(desc(modelVersions.id)).all();
}

export function updateModelVersion(db: Db, id: number, patch: Partial<Pick<ModelVersion, "status" | "path" | "metrics" | "name">>): void {
  db.update(modelVersions).set(patch).where(eq(modelVersions.id, id)).run();
}

/** Merges metrics into a version's stored metrics. */
export function recordMetrics(db: Db, id: number, metrics: Record<string, unknown>): void {
  const current = getModelVersion(db, id);
  if (!current) return;
  updateModelVersion(db, id, { metrics: JSON.stringify({ ...JSON.parse(current.metrics), ...metrics }) });
}

/** The version serving a corpus, if any. */
export function liveModelVersion(db: Db, corpusId: number): ModelVersion | undefined {
  const row = db
    .select({ version: modelVersions })
    .from(corpora)
    .innerJoin(modelVersions, eq(modelVersions.id, corpora.liveModelVersionId))
    .where(eq(corpora.id, corpusId))
    .get();
  return row?.version;
}

/** Makes `versionId` the corpus's live version in one step; the previous one becomes `retired`. */
export function promoteModelVersion(db: Db, corpusId: number, versionId: number): void {
  db.transaction((tx) => {
    tx.update(modelVersions)
      .set({ status: "retired" })
      .where(and(eq(modelVersions.corpusId, corpusId), eq(modelVersions.status, "live"), ne(modelVersions.id, versionId)))
      .run();
    tx.update(modelVersions).set({ status: "live" }).where(eq(modelVersions.id, versionId)).run();
    tx.update(corpora).set({ liveModelVersionId: versionId }).where(eq(corpora.id, corpusId)).run();
  });
}

/** Live versions of every corpus, for search across all corpora. */
export function liveModelVersions(db: Db): ModelVersion[] {
  return db
    .select({ version: modelVersions })
    .from(corpora)
    .innerJoin(modelVersions, eq(modelVersions.id, corpora.liveModelVersionId))
    .all()
    .map((r) => r.version);
}
