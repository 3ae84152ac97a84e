/**
 * How each stage's job is queued. Services call these to start a stage; the pipeline
 * (lib/pipeline/pipeline.ts) calls them to queue what follows a finished job. Job handlers never do.
 */
import type { z } from "zod";
import type { Db } from "@/lib/db/client";
import { latestClusterRun } from "@/lib/db/queries/clusters";
import { hasJob, insertJob } from "@/lib/db/queries/jobs";
import { createModelVersion, listModelVersions } from "@/lib/db/queries/model-versions";
import { clusterSettings, type ClusterSettings } from "@/lib/cluster/cluster-options";
import type { clusterPayload } from "@/lib/jobs/handlers/cluster-handler";
import type { indexPayload } from "@/lib/jobs/handlers/index-handler";
import { NO_BASE_MODEL, type IngestPayload } from "@/lib/jobs/handlers/ingest-handler";
import type { prepareModelPayload } from "@/lib/jobs/handlers/prepare-model-handler";
import type { trainPayload } from "@/lib/jobs/handlers/train-payload";
import { parseModelSpec } from "@/lib/model/store/model-store";

/** Queues the ingest of an accepted upload (or of the sample corpus). */
export function enqueueIngest(db: Db, payload: IngestPayload, title: string) {
  return insertJob(db, { type: "ingest", payload, title, corpusId: payload.corpusId });
}

/** Queues the job that gets a base model for a corpus (download or folder), then indexes it. */
export function enqueuePrepareModel(db: Db, payload: z.input<typeof prepareModelPayload>) {
  return insertJob(db, {
    type: "prepare-model",
    payload,
    title: `Prepare model ${payload.spec}`,
    corpusId: payload.corpusId,
    priority: -1,
  });
}

/** Queues a training job for a model version of a corpus; an index job follows when it succeeds. */
export function enqueueTraining(db: Db, payload: z.input<typeof trainPayload>, title = "Train a model") {
  return insertJob(db, { type: "train", payload, title, corpusId: payload.corpusId, priority: -2, maxAttempts: 2 });
}

/** Queues the training of a model from scratch on a corpus, as a new model version. */
export async function enqueueScratchTraining(db: Db, corpusId: number, title = "Train a model from scratch") {
  const version = await createModelVersion(db, {
    corpusId,
    name: "scratch encoder",
    source: "scratch",
    baseModel: "scratch",
    status: "pending",
  });
  await enqueueTraining(db, { corpusId, modelVersionId: version.id, baseModel: "scratch" }, title);
  return version;
}

/** Gives a corpus the configured base model: prepared (or, offline, trained from scratch instead), trained from scratch, or none. */
export async function enqueueBaseModel(db: Db, corpusId: number, baseModel: string): Promise<void> {
  if (baseModel === NO_BASE_MODEL) return;
  if (parseModelSpec(baseModel).kind === "scratch") await enqueueScratchTraining(db, corpusId);
  else await enqueuePrepareModel(db, { corpusId, spec: baseModel, promote: false, fallbackToScratch: true });
}

/** Queues an index job for a model version of a corpus. */
export function enqueueIndex(db: Db, payload: z.input<typeof indexPayload>, title = "Embed and index passages") {
  return insertJob(db, { type: "index", payload, title, corpusId: payload.corpusId, priority: -1 });
}

/**
 * After new passages arrive: the live version's index (or, while none is live, those of the versions
 * being indexed) gets them; a corpus that has no model yet and none on its way gets `baseModel` (a model trained
 * from scratch on the corpus when the hub cannot be reached), so every corpus becomes searchable by meaning.
 */
export async function enqueueModelUpkeep(db: Db, corpusId: number, baseModel: string): Promise<void> {
  const versions = await listModelVersions(db, corpusId);
  const live = versions.filter((v) => v.status === "live");
  // Without a live version, the ones being indexed now (after preparing or training) are about to serve.
  const serving = live.length ? live : versions.filter((v) => v.status === "indexing" || v.status === "ready");
  for (const v of serving)
    await enqueueIndex(db, { corpusId, modelVersionId: v.id, promote: false }, "Index new passages");
  if (!versions.length && !(await hasJob(db, corpusId, ["prepare-model", "train"])))
    await enqueueBaseModel(db, corpusId, baseModel);
}

/** Queues a clustering job (or an edit of the current clustering) for a corpus. */
export function enqueueClustering(
  db: Db,
  payload: z.input<typeof clusterPayload>,
  title = "Cluster passages and lay out the map",
) {
  return insertJob(db, { type: "cluster", payload, title, corpusId: payload.corpusId, priority: -3, maxAttempts: 2 });
}

/**
 * After the live version's index changed: re-clusters the corpus with the settings of its last
 * run (or the defaults), unless a clustering of it is already waiting in the queue.
 */
export async function enqueueAutoClustering(db: Db, corpusId: number) {
  if (await hasJob(db, corpusId, ["cluster"], ["queued"])) return undefined;
  return enqueueClustering(
    db,
    { corpusId, settings: await lastSettings(db, corpusId) },
    "Cluster passages and lay out the map",
  );
}

/** The settings of the corpus's last clustering, when they still read as settings (else the defaults apply). */
async function lastSettings(db: Db, corpusId: number): Promise<ClusterSettings | undefined> {
  const last = await latestClusterRun(db, corpusId);
  if (!last) return undefined;
  const parsed = clusterSettings.safeParse(last.settings);
  return parsed.success ? parsed.data : undefined;
}
