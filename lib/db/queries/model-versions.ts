import "server-only";
import { and, desc, eq, ne, sql } from "drizzle-orm";
import { prepared } from "@/lib/db/prepared";
import { type Db, writeTransaction } from "@/lib/db/client";
import { corpora, modelVersions } from "@/lib/db/tables";
import type { ModelVersion } from "@/lib/db/schema";
import type { ModelMetrics } from "@/lib/db/stored-json";
import type { ModelSource, ModelVersionStatus } from "@/lib/db/statuses";

export type { ModelSource } from "@/lib/db/statuses";

/** Registers a model version (a training or prepare job then fills in its path, status and metrics). */
export async function createModelVersion(
  db: Db,
  input: {
    corpusId: number | null;
    name: string;
    source: ModelSource;
    baseModel: string;
    path?: string | null;
    status?: ModelVersionStatus;
  },
): Promise<ModelVersion> {
  const [version] = await db.insert(modelVersions).values(input).returning();
  return version;
}

const versionById = (db: Db) =>
  db
    .select()
    .from(modelVersions)
    .where(eq(modelVersions.id, sql.placeholder("id")))
    .prepare();

export async function getModelVersion(db: Db, id: number): Promise<ModelVersion | undefined> {
  const [version] = await prepared(db, versionById).execute({ id });
  return version;
}

/** A corpus's versions, newest first. */
export function listModelVersions(db: Db, corpusId: number): Promise<ModelVersion[]> {
  return db.select().from(modelVersions).where(eq(modelVersions.corpusId, corpusId)).orderBy(desc(modelVersions.id));
}

/** What {@link updateModelVersion} changes; `metrics` is a JSON-ready object that replaces the stored one. */
export interface ModelVersionPatch {
  status?: ModelVersionStatus;
  path?: string | null;
  name?: string;
  metrics?: ModelMetrics;
}

/** Updates a model version's status, path, name and/or metrics. */
export async function updateModelVersion(db: Db, id: number, patch: ModelVersionPatch): Promise<void> {
  const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as ModelVersionPatch;
  if (Object.keys(set).length === 0) return;
  await db.update(modelVersions).set(set).where(eq(modelVersions.id, id));
}

/** Merges metrics into a version's stored metrics. */
export async function recordMetrics(db: Db, id: number, metrics: Record<string, unknown>): Promise<void> {
  const current = await getModelVersion(db, id);
  if (!current) return;
  await updateModelVersion(db, id, { metrics: { ...current.metrics, ...metrics } });
}

/** The model version whose model folder is `modelPath` (the newest, if several), so that a re-run resumes into it. */
export async function findModelVersionByPath(db: Db, modelPath: string): Promise<ModelVersion | undefined> {
  const [version] = await db
    .select()
    .from(modelVersions)
    .where(eq(modelVersions.path, modelPath))
    .orderBy(desc(modelVersions.id))
    .limit(1);
  return version;
}

/** The version serving a corpus, if any. */
const liveVersionOf = (db: Db) =>
  db
    .select({ version: modelVersions })
    .from(corpora)
    .innerJoin(modelVersions, eq(modelVersions.id, corpora.liveModelVersionId))
    .where(eq(corpora.id, sql.placeholder("corpusId")))
    .prepare();

export async function liveModelVersion(db: Db, corpusId: number): Promise<ModelVersion | undefined> {
  const [row] = await prepared(db, liveVersionOf).execute({ corpusId });
  return row?.version;
}

/** Makes `versionId` the corpus's live version in one step; the previous one becomes `retired`. */
export function promoteModelVersion(db: Db, corpusId: number, versionId: number): Promise<void> {
  return writeTransaction(db, async (tx) => {
    await tx
      .update(modelVersions)
      .set({ status: "retired" })
      .where(
        and(eq(modelVersions.corpusId, corpusId), eq(modelVersions.status, "live"), ne(modelVersions.id, versionId)),
      );
    await tx.update(modelVersions).set({ status: "live" }).where(eq(modelVersions.id, versionId));
    await tx.update(corpora).set({ liveModelVersionId: versionId }).where(eq(corpora.id, corpusId));
  });
}

/** Live versions of every corpus, for search across all corpora. */
const allLiveVersions = (db: Db) =>
  db
    .select({ version: modelVersions })
    .from(corpora)
    .innerJoin(modelVersions, eq(modelVersions.id, corpora.liveModelVersionId))
    .prepare();

export async function liveModelVersions(db: Db): Promise<ModelVersion[]> {
  const rows = await prepared(db, allLiveVersions).execute();
  return rows.map((r) => r.version);
}
