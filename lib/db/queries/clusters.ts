import "server-only";
import { and, asc, desc, eq, inArray, ne } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { clusterAssignments, clusterRuns, clusters, documents, passages } from "@/lib/db/tables";
import type { ClusterRow, ClusterRun } from "@/lib/db/schema";
import type { ClusterMethod } from "@/lib/db/statuses";
import type { ClusterKeyword, ClusterRunNotes } from "@/lib/db/stored-json";
import type { ClusterSettings } from "@/lib/cluster/cluster-options";

/** One cluster of a run as it is written. */
export interface NewCluster {
  clusterId: number;
  label: string;
  keywords: ClusterKeyword[];
  representativeIds: number[];
  size: number;
  x: number;
  y: number;
}

/** A finished clustering to store: the run, its clusters, and per passage its cluster and map position. */
export interface NewClusterRun {
  corpusId: number;
  modelVersionId: number | null;
  method: ClusterMethod;
  settings: ClusterSettings;
  notes: ClusterRunNotes;
  silhouette: number | null;
  clusters: NewCluster[];
  /** `[rows]` passages, their stable cluster ids (−1: outlier) and `[rows, 2]` map coordinates. */
  passageIds: ArrayLike<number>;
  clusterIds: ArrayLike<number>;
  xy: ArrayLike<number>;
}

const INSERT_CHUNK = 2000;

/**
 * Stores a finished run with its clusters and assignments and removes the corpus's older runs,
 * in the caller's transaction. Names the admin gave clusters of the previous run carry over to
 * the clusters that inherited their ids (read here, so a rename made while the job ran survives).
 */
export async function saveClusterRun(db: Db, run: NewClusterRun): Promise<ClusterRun> {
  const previous = await latestClusterRun(db, run.corpusId);
  const names = previous ? await clusterNames(db, previous.id) : new Map<number, string>();
  const outliers = Array.from(run.clusterIds).filter((c) => c < 0).length;
  const [row] = await db
    .insert(clusterRuns)
    .values({
      corpusId: run.corpusId,
      modelVersionId: run.modelVersionId,
      method: run.method,
      settings: run.settings,
      notes: run.notes,
      status: "done",
      clusterCount: run.clusters.length,
      outlierCount: outliers,
      passageCount: run.passageIds.length,
      silhouette: run.silhouette !== null && Number.isFinite(run.silhouette) ? run.silhouette : null,
      finishedAt: Date.now(),
    })
    .returning();
  for (let i = 0; i < run.clusters.length; i += INSERT_CHUNK) {
    const values = run.clusters.slice(i, i + INSERT_CHUNK).map((c) => ({
      runId: row.id,
      clusterId: c.clusterId,
      name: names.get(c.clusterId) ?? null,
      label: c.label,
      keywords: c.keywords,
      representativeIds: c.representativeIds,
      size: c.size,
      x: c.x,
      y: c.y,
    }));
    if (values.length) await db.insert(clusters).values(values);
  }
  for (let i = 0; i < run.passageIds.length; i += INSERT_CHUNK) {
    const values = [];
    for (let j = i; j < Math.min(run.passageIds.length, i + INSERT_CHUNK); j++) {
      values.push({
        runId: row.id,
        passageId: run.passageIds[j],
        clusterId: run.clusterIds[j],
        x: run.xy[j * 2],
        y: run.xy[j * 2 + 1],
      });
    }
    await db.insert(clusterAssignments).values(values);
  }
  await db.delete(clusterRuns).where(and(eq(clusterRuns.corpusId, run.corpusId), ne(clusterRuns.id, row.id)));
  return row;
}

/** The corpus's newest finished run, if any. */
export async function latestClusterRun(db: Db, corpusId: number): Promise<ClusterRun | undefined> {
  const [run] = await db
    .select()
    .from(clusterRuns)
    .where(and(eq(clusterRuns.corpusId, corpusId), eq(clusterRuns.status, "done")))
    .orderBy(desc(clusterRuns.id))
    .limit(1);
  return run;
}

/** Passage id → stable cluster id of a run (outliers −1). */
export async function runAssignments(db: Db, runId: number): Promise<Map<number, number>> {
  const rows = await db
    .select({ passageId: clusterAssignments.passageId, clusterId: clusterAssignments.clusterId })
    .from(clusterAssignments)
    .where(eq(clusterAssignments.runId, runId));
  return new Map(rows.map((r) => [r.passageId, r.clusterId]));
}

async function clusterNames(db: Db, runId: number): Promise<Map<number, string>> {
  const rows = await db
    .select({ clusterId: clusters.clusterId, name: clusters.name })
    .from(clusters)
    .where(eq(clusters.runId, runId));
  return new Map(rows.filter((r) => r.name).map((r) => [r.clusterId, r.name!]));
}

/** The clusters of a run, largest first. */
export function listClusters(db: Db, runId: number): Promise<ClusterRow[]> {
  return db
    .select()
    .from(clusters)
    .where(eq(clusters.runId, runId))
    .orderBy(desc(clusters.size), asc(clusters.clusterId));
}

/** One cluster of a run by its stable id. */
export async function getCluster(db: Db, runId: number, clusterId: number): Promise<ClusterRow | undefined> {
  const [cluster] = await db
    .select()
    .from(clusters)
    .where(and(eq(clusters.runId, runId), eq(clusters.clusterId, clusterId)));
  return cluster;
}

/** Sets (or with null, clears) the admin's name of a cluster; false when there is no such cluster. */
export async function renameCluster(db: Db, runId: number, clusterId: number, name: string | null): Promise<boolean> {
  const renamed = await db
    .update(clusters)
    .set({ name })
    .where(and(eq(clusters.runId, runId), eq(clusters.clusterId, clusterId)))
    .returning({ id: clusters.clusterId });
  return renamed.length > 0;
}

/** A passage as cluster pages and the map's hover show it. */
export interface ClusterPassage {
  passageId: number;
  documentId: number;
  documentTitle: string;
  text: string;
}

const passageColumns = {
  passageId: passages.id,
  documentId: passages.documentId,
  documentTitle: documents.title,
  text: passages.text,
};

/** A page of a cluster's passages (−1: the outliers), in passage order, with the total. */
export async function clusterMembers(
  db: Db,
  runId: number,
  clusterId: number,
  page: { limit: number; offset: number },
): Promise<{ rows: ClusterPassage[]; total: number }> {
  const where = and(eq(clusterAssignments.runId, runId), eq(clusterAssignments.clusterId, clusterId));
  const rows = await db
    .select(passageColumns)
    .from(clusterAssignments)
    .innerJoin(passages, eq(passages.id, clusterAssignments.passageId))
    .innerJoin(documents, eq(documents.id, passages.documentId))
    .where(where)
    .orderBy(asc(clusterAssignments.passageId))
    .limit(page.limit)
    .offset(page.offset);
  const total = await db.$count(clusterAssignments, where);
  return { rows, total };
}

/** Passages of a corpus by id with their document titles, in the order of `ids` (unknown ids are skipped). */
export async function corpusPassages(db: Db, corpusId: number, ids: number[]): Promise<ClusterPassage[]> {
  if (!ids.length) return [];
  const rows = await db
    .select(passageColumns)
    .from(passages)
    .innerJoin(documents, eq(documents.id, passages.documentId))
    .where(and(eq(passages.corpusId, corpusId), inArray(passages.id, ids)));
  const byId = new Map(rows.map((r) => [r.passageId, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is ClusterPassage => !!r);
}

/** Every point of a run's map: passage ids ascending, their clusters and coordinates. */
export async function mapPoints(
  db: Db,
  runId: number,
): Promise<{ passageIds: Int32Array; clusterIds: Int32Array; xy: Float32Array }> {
  const rows = await db
    .select({
      passageId: clusterAssignments.passageId,
      clusterId: clusterAssignments.clusterId,
      x: clusterAssignments.x,
      y: clusterAssignments.y,
    })
    .from(clusterAssignments)
    .where(eq(clusterAssignments.runId, runId))
    .orderBy(asc(clusterAssignments.passageId));
  const out = {
    passageIds: new Int32Array(rows.length),
    clusterIds: new Int32Array(rows.length),
    xy: new Float32Array(rows.length * 2),
  };
  rows.forEach((r, i) => {
    out.passageIds[i] = r.passageId;
    out.clusterIds[i] = r.clusterId;
    out.xy[i * 2] = r.x;
    out.xy[i * 2 + 1] = r.y;
  });
  return out;
}

/** One exported assignment: passage, document, cluster and map position. */
export interface AssignmentExportRow {
  passageId: number;
  documentId: number;
  documentTitle: string;
  clusterId: number;
  x: number;
  y: number;
}

/** All assignments of a run, in passage order, for export. */
export function exportAssignments(db: Db, runId: number): Promise<AssignmentExportRow[]> {
  return db
    .select({
      passageId: clusterAssignments.passageId,
      documentId: passages.documentId,
      documentTitle: documents.title,
      clusterId: clusterAssignments.clusterId,
      x: clusterAssignments.x,
      y: clusterAssignments.y,
    })
    .from(clusterAssignments)
    .innerJoin(passages, eq(passages.id, clusterAssignments.passageId))
    .innerJoin(documents, eq(documents.id, passages.documentId))
    .where(eq(clusterAssignments.runId, runId))
    .orderBy(asc(clusterAssignments.passageId));
}

/** Passage texts by id, for keywords (in the order of `ids`). */
export async function passageTexts(db: Db, ids: ArrayLike<number>): Promise<string[]> {
  const byId = new Map<number, string>();
  const list = Array.from(ids);
  for (let i = 0; i < list.length; i += 900) {
    const rows = await db
      .select({ id: passages.id, text: passages.text })
      .from(passages)
      .where(inArray(passages.id, list.slice(i, i + 900)));
    for (const r of rows) byId.set(r.id, r.text);
  }
  return list.map((id) => byId.get(id) ?? "");
}
