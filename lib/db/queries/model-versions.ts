import "server-only";
import { and, desc, eq, ne, sql } from "drizzle-orm";
import { prepared } from "@/lib/db/prepared";
import { type Db, writeTransaction } from "@/lib/db/client";
import { corpora, modelVersions, type ModelVersion } from "@/lib/db/schema";
import type { ModelMetrics } from "@/lib/db/stored-json";
import type { ModelSource, ModelVersionStatus } from "@/lib/db/statuses";

export type { ModelSource } from "@/lib/db/statuses";

/** Registers a model version (a training or prepare job then fills in its path, status and metrics). */
export function createModelVersion(
  db: Db,
  input: {
    corpusId: number | null;
    name: string;
    source: ModelSource;
    baseModel: string;
    path?: string | null;
    status?: ModelVersionStatus;
  },
): ModelVersion {
  return db.insert(modelVersions).values(input).returning().get();
}

const versionById = (db: Db) =>
  db
    .select()
    .from(modelVersions)
    .where(eq(modelVersions.id, sql.placeholder("id")))
    .prepare();

export function getModelVersion(db: Db, id: number): ModelVersion | undefined {
  return prepared(db, versionById).get({ id });
}

/** A corpus's versions, newest first. */
export function listModelVersions(db: Db, corpusId: number): ModelVersion[] {
  return db
    .select()
    .from(modelVersions)
    .where(eq(modelVersions.corpusId, corpusId))
    .orderBy(desc(modelVersions.id))
    .all();
}

/** What {@link updateModelVersion} changes; `metrics` is a JSON-ready object that replaces the stored one. */
export interface ModelVersionPatch {
  status?: ModelVersionStatus;
  path?: string | null;
  name?: string;
  metrics?: ModelMetrics;
}

/** Updates a model version's status, path, name and/or metrics. */
export function updateModelVersion(db: Db, id: number, patch: ModelVersionPatch): void {
  const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as ModelVersionPatch;
  if (Object.keys(set).length === 0) return;
  db.update(modelVersions).set(set).where(eq(modelVersions.id, id)).run();
}

/** Merges metrics into a version's stored metrics. */
export function recordMetrics(db: Db, id: number, metrics: Record<string, unknown>): void {
  const current = getModelVersion(db, id);
  if (!current) return;
  updateModelVersion(db, id, { metrics: { ...current.metrics, ...metrics } });
}

/** The model version whose model folder is `modelPath` (the newest, if several), so that a re-run resumes into it. */
export function findModelVersionByPath(db: Db, modelPath: string): ModelVersion | undefined {
  return db.select().from(modelVersions).where(eq(modelVersions.path, modelPath)).orderBy(desc(modelVersions.id)).get();
}

/** The version serving a corpus, if any. */
const liveVersionOf = (db: Db) =>
  db
    .select({ version: modelVersions })
    .from(corpora)
    .innerJoin(modelVersions, eq(modelVersions.id, corpora.liveModelVersionId))
    .where(eq(corpora.id, sql.placeholder("corpusId")))
    .prepare();

export function liveModelVersion(db: Db, corpusId: number): ModelVersion | undefined {
  return prepared(db, liveVersionOf).get({ corpusId })?.version;
}

/** Makes `versionId` the corpus's live version in one step; the previous one becomes `retired`. */
export function promoteModelVersion(db: Db, corpusId: number, versionId: number): void {
  writeTransaction(db, (tx) => {
    tx.update(modelVersions)
      .set({ status: "retired" })
      .where(
        and(eq(modelVersions.corpusId, corpusId), eq(modelVersions.status, "live"), ne(modelVersions.id, versionId)),
      )
      .run();
    tx.update(modelVersions).set({ status: "live" }).where(eq(modelVersions.id, versionId)).run();
    tx.update(corpora).set({ liveModelVersionId: versionId }).where(eq(corpora.id, corpusId)).run();
  });
}

/** Live versions of every corpus, for search across all corpora. */
const allLiveVersions = (db: Db) =>
  db
    .select({ version: modelVersions })
    .from(corpora)
    .innerJoin(modelVersions, eq(modelVersions.id, corpora.liveModelVersionId))
    .prepare();

export function liveModelVersions(db: Db): ModelVersion[] {
  return prepared(db, allLiveVersions)
    .all()
    .map((r) => r.version);
}
