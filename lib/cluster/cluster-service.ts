import "server-only";
import { clusterSettings, type ClusterSettings } from "@/lib/cluster/cluster-options";
import {
  clusterRunRequest,
  membersRequest,
  mergeRequest,
  readStoredJson,
  reduceRequest,
  renameRequest,
} from "@/lib/cluster/cluster-request";
import type { ClusterKeyword } from "@/lib/db/stored-json";
import { DomainError, notFoundError } from "@/lib/core/domain-error";
import type { Db } from "@/lib/db/client";
import {
  clusterMembers,
  corpusPassages,
  getCluster,
  latestClusterRun,
  listClusters,
  renameCluster,
  type ClusterPassage,
} from "@/lib/db/queries/clusters";
import { getCorpus } from "@/lib/db/queries/corpora";
import { latestJobOfType, listJobs } from "@/lib/db/queries/jobs";
import { getModelVersion, liveModelVersion } from "@/lib/db/queries/model-versions";
import type { ClusterRow, ClusterRun, JobRow, ModelVersion } from "@/lib/db/schema";
import type { ClusterPayload } from "@/lib/jobs/handlers/cluster-handler";
import { enqueueClustering } from "@/lib/pipeline/stage-jobs";

/** The settings a run used, parsed once; the defaults when the stored text no longer reads as settings. */
export function runSettings(run: Pick<ClusterRun, "settings">): ClusterSettings {
  return readStoredJson(run.settings, clusterSettings, clusterSettings.parse({}));
}

/** A cluster's keywords (c-TF-IDF terms, best first); none when the stored column does not read. */
export function clusterKeywords(cluster: Pick<ClusterRow, "keywords">): ClusterKeyword[] {
  return cluster.keywords;
}

/**
 * The corpus's current clustering.
 * @throws DomainError `not_found` that says how to get one when the corpus has not been clustered yet
 */
export async function currentClusterRun(db: Db, corpusId: number): Promise<ClusterRun> {
  const run = await latestClusterRun(db, corpusId);
  if (!run)
    throw new DomainError(
      "not_found",
      `corpus ${corpusId} has not been clustered yet: clustering starts once its model is indexed, or POST /api/v1/corpora/${corpusId}/clusters`,
    );
  return run;
}

/** The corpus's current clustering (run undefined before the first), its clusters largest first, and its newest clustering job. */
export async function clusterState(
  db: Db,
  corpusId: number,
): Promise<{ run: ClusterRun | undefined; clusters: ClusterRow[]; job: JobRow | undefined }> {
  const run = await latestClusterRun(db, corpusId);
  return {
    run,
    clusters: run ? await listClusters(db, run.id) : [],
    job: await latestJobOfType(db, corpusId, "cluster"),
  };
}

/** What the cluster explorer shows: the state, the clustering jobs among the corpus's newest 50 jobs, the models and the run's settings. */
export async function clusterExplorer(db: Db, corpusId: number) {
  const { run, clusters } = await clusterState(db, corpusId);
  return {
    run,
    clusters,
    jobs: (await listJobs(db, { corpusId, limit: 50 })).filter((j) => j.type === "cluster"),
    liveModel: await liveModelVersion(db, corpusId),
    /** The version the run clustered with; undefined when it is gone. */
    runModel: run?.modelVersionId
      ? await getModelVersion(db, run.modelVersionId)
      : (undefined as ModelVersion | undefined),
    settings: run ? runSettings(run) : undefined,
  };
}

/**
 * Queues a new clustering of a corpus from a request as sent (see `clusterRunRequest`): a ZodError
 * names the fields; nothing is stored when a check fails.
 * @throws DomainError `not_found` for an unknown corpus or a model version not of this corpus,
 * `conflict` when no model serves the corpus yet, `invalid` when kMax < kMin
 */
export async function startClustering(db: Db, corpusId: number, input: unknown): Promise<JobRow> {
  if (!(await getCorpus(db, corpusId))) throw notFoundError(`corpus ${corpusId}`);
  const { modelVersionId, ...settings } = clusterRunRequest.parse(input);
  if (modelVersionId !== undefined && (await getModelVersion(db, modelVersionId))?.corpusId !== corpusId)
    throw notFoundError(`model version ${modelVersionId} of corpus ${corpusId}`);
  if (modelVersionId === undefined && !(await liveModelVersion(db, corpusId)))
    throw new DomainError(
      "conflict",
      "this corpus has no model yet: clustering starts by itself once its model is ready",
    );
  if (settings.kMax < settings.kMin)
    throw new DomainError("invalid", `kMax (${settings.kMax}) must be at least kMin (${settings.kMin})`);
  return await enqueueClustering(db, { corpusId, modelVersionId, settings });
}

/** Queues an edit of `run` with the settings it used (the map stays; the edit renames by keywords). */
async function enqueueEdit(
  db: Db,
  run: ClusterRun,
  edit: NonNullable<ClusterPayload["edit"]>,
  title: string,
): Promise<JobRow> {
  return await enqueueClustering(
    db,
    { corpusId: run.corpusId, modelVersionId: run.modelVersionId ?? undefined, settings: runSettings(run), edit },
    title,
  );
}

/**
 * Queues a merge of clusters of `run` (the corpus's current clustering, see {@link currentClusterRun})
 * into the first named, which keeps its id and name; repeated ids count once.
 * @throws DomainError `invalid` for fewer than two different clusters, `not_found` naming those `run` lacks
 */
export async function mergeClusters(db: Db, run: ClusterRun, input: unknown): Promise<JobRow> {
  const unique = [...new Set(mergeRequest.parse(input).clusterIds)];
  if (unique.length < 2) throw new DomainError("invalid", "name at least two different clusters to merge");
  const missing: number[] = [];
  for (const id of unique) if (!(await getCluster(db, run.id, id))) missing.push(id);
  if (missing.length) throw new DomainError("not_found", `no cluster ${missing.join(", ")} in the current clustering`);
  return await enqueueEdit(db, run, { kind: "merge", clusterIds: unique }, `Merge clusters ${unique.join(", ")}`);
}

/**
 * Queues a job that merges the most similar clusters of `run` until `topics` remain.
 * @throws DomainError `invalid` unless `topics` is below the run's cluster count
 */
export async function reduceClusters(db: Db, run: ClusterRun, input: unknown): Promise<JobRow> {
  const { topics } = reduceRequest.parse(input);
  if (topics >= run.clusterCount)
    throw new DomainError("invalid", `the clustering has ${run.clusterCount} clusters; ask for fewer topics than that`);
  return await enqueueEdit(db, run, { kind: "reduce", topics }, `Reduce clusters to ${topics} topics`);
}

/**
 * Names a cluster of `run` (null or "" restores its keyword label); returns the renamed cluster.
 * @throws DomainError `invalid` for the outliers (−1), `not_found` for a cluster `run` lacks
 */
export async function renameClusterOf(db: Db, run: ClusterRun, clusterId: number, input: unknown): Promise<ClusterRow> {
  const { name } = renameRequest.parse(input);
  if (clusterId === -1) throw new DomainError("invalid", "the outliers are not a cluster and cannot be renamed");
  if (!(await renameCluster(db, run.id, clusterId, name ? name : null))) throw notFoundError(`cluster ${clusterId}`);
  return (await getCluster(db, run.id, clusterId))!;
}

/**
 * One cluster of `run`, or null for the outliers (−1), which have members but no cluster row.
 * @throws DomainError `not_found` for any other id the run lacks
 */
export async function clusterOfRun(db: Db, run: ClusterRun, clusterId: number): Promise<ClusterRow | null> {
  const row = await getCluster(db, run.id, clusterId);
  if (!row && clusterId !== -1) throw notFoundError(`cluster ${clusterId}`);
  return row ?? null;
}

/** The corpus's current clustering and one of its clusters (null: the outliers), or undefined when either is missing (pages answer 404). */
export async function findCluster(
  db: Db,
  corpusId: number,
  clusterId: number,
): Promise<{ run: ClusterRun; clusterId: number; cluster: ClusterRow | null } | undefined> {
  const run = await latestClusterRun(db, corpusId);
  const cluster = run && (await getCluster(db, run.id, clusterId));
  if (!run || (!cluster && clusterId !== -1)) return undefined;
  return { run, clusterId, cluster: cluster ?? null };
}

/**
 * A cluster of `run` (−1: the outliers) with its representative passages and a page of members
 * (`membersRequest`: limit, offset, as numbers or query strings).
 * @throws DomainError `not_found` for a cluster `run` lacks (checked before the page)
 */
export async function clusterDetail(db: Db, run: ClusterRun, clusterId: number, input: unknown) {
  const cluster = await clusterOfRun(db, run, clusterId);
  const page = membersRequest.parse(input);
  const members = await clusterMembers(db, run.id, clusterId, page);
  const representatives: ClusterPassage[] = cluster
    ? await corpusPassages(db, run.corpusId, cluster.representativeIds)
    : [];
  return { cluster, representatives, members: members.rows, total: members.total, ...page };
}
