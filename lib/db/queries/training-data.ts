import { asc, desc, eq } from "drizzle-orm";
import type { Db } from "../client";
import { documents, modelVersions, passages, type ModelVersion } from "../schema";

/** A document as training reads it: title, metadata, passages in order (the shape of lib/train's TrainingDocument). */
export interface TrainingDocumentRow {
  id: number;
  title: string;
  metadata: Record<string, unknown>;
  passages: { id: number; text: string }[];
}

function parseMetadata(raw: string): Record<string, unknown> {
  try {
    const value = JSON.parse(raw) as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Every document of a corpus with its passages in order, for training: two ordered scans
 * joined in memory (a corpus of 100k passages is a few tens of megabytes).
 */
export function loadTrainingDocuments(db: Db, corpusId: number): TrainingDocumentRow[] {
  const docs = db
    .select({ id: documents.id, title: documents.title, metadata: documents.metadata })
    .from(documents)
    .where(eq(documents.corpusId, corpusId))
    .orderBy(asc(documents.id))
    .all();
  const byId = new Map<number, TrainingDocumentRow>(docs.map((d) => [d.id, { id: d.id, title: d.title, metadata: parseMetadata(d.metadata), passages: [] }]));
  const rows = db
    .select({ id: passages.id, documentId: passages.documentId, text: passages.text })
    .from(passages)
    .where(eq(passages.corpusId, corpusId))
    .orderBy(asc(passages.documentId), asc(passages.ordinal))
    .all();
  for (const p of rows) byId.get(p.documentId)?.passages.push({ id: p.id, text: p.text });
  return [...byId.values()];
}

export function getModelVersion(db: Db, id: number): ModelVersion | undefined {
  return db.select().from(modelVersions).where(eq(modelVersions.id, id)).get();
}

/** Registers a model version (the training job then fills in its path, status and metrics). */
export function createModelVersion(db: Db, input: { corpusId: number | null; name: string; source: string; baseModel: string; status?: string }): ModelVersion {
  return db.insert(modelVersions).values(input).returning().get();
}

/** Updates a model version's status, path and/or metrics (a JSON-ready object). */
export function updateModelVersion(db: Db, id: number, patch: { status?: string; path?: string | null; metrics?: Record<string, unknown> }): void {
  const { metrics, ...rest } = patch;
  db.update(modelVersions)
    .set({ ...rest, ...(metrics ? { metrics: JSON.stringify(metrics) } : {}) })
    .where(eq(modelVersions.id, id))
    .run();
}

/** The model version whose model folder is `modelPath` (the newest, if several), so that a re-run resumes into it. */
export function findModelVersionByPath(db: Db, modelPath: string): ModelVersion | undefined {
  return db.select().from(modelVersions).where(eq(modelVersions.path, modelPath)).orderBy(desc(modelVersions.id)).get();
}
