import "server-only";
import type { Db } from "@/lib/db/client";
import { listJobs } from "@/lib/db/queries/jobs";
import { getModelVersion } from "@/lib/db/queries/model-versions";
import { listTrainingPoints, trainingPointStats } from "@/lib/db/queries/training-points";
import type { JobRow, ModelVersion } from "@/lib/db/schema";
import { downsamplePoints, type TrainingPoint } from "@/lib/train/history/training-point";
import { parseTrainerOptions, type TrainerOptions } from "@/lib/train/trainer/trainer-options";
import { toJobView, type JobView } from "@/lib/jobs/job-view";
import { trainPayload } from "@/lib/jobs/handlers/train-payload";

/** The settings a run trains with, as the dashboard shows them (no server paths). */
export interface TrainingSettings {
  baseModel: string | null;
  /** The uploaded pair file's name, when there is one. */
  pairFile: string | null;
  options: TrainerOptions;
}

/** A training run as `GET /api/v1/models/{id}/training` returns it. */
export interface TrainingRunView {
  modelVersion: Pick<ModelVersion, "id" | "corpusId" | "name" | "source" | "baseModel" | "status" | "createdAt">;
  /** The version's latest training job; null for versions that were not trained here (downloaded, or trained by the CLI). */
  job: JobView | null;
  settings: TrainingSettings | null;
  /** Points stored in all, and the last step among them. */
  pointCount: number;
  lastStep: number | null;
  /** In step order; at most `max` when the whole history was asked for. */
  points: TrainingPoint[];
  downsampled: boolean;
}

/** The newest training job of a model version (found by its payload; a corpus has few jobs). */
export async function trainingJobOf(
  db: Db,
  version: Pick<ModelVersion, "id" | "corpusId">,
): Promise<JobRow | undefined> {
  const jobs = await listJobs(db, { corpusId: version.corpusId ?? undefined, limit: 500 });
  return jobs.find((j) => j.type === "train" && toJobView(j).modelVersionId === version.id);
}

function settingsOf(job: JobRow | undefined): TrainingSettings | null {
  const parsed = job ? trainPayload.safeParse(job.payload) : undefined;
  if (!parsed?.success) return null;
  const payload = parsed.data;
  const base = payload.baseModel ?? null;
  try {
    return {
      // A folder's path stays on the server: dir:/srv/models/x reads dir:x.
      baseModel: base?.startsWith("dir:") ? `dir:${base.slice(4).split(/[/\\]/).filter(Boolean).pop() ?? ""}` : base,
      pairFile: payload.pairsFile ? "uploaded pair file" : null,
      options: parseTrainerOptions(payload.options),
    };
  } catch {
    // Options a newer or older version of the trainer no longer accepts: no settings to show.
    return null;
  }
}

/**
 * A model version's training run: its job, settings and history. With `afterStep`, only the
 * points after it (live updates, never downsampled); otherwise the whole history, at most
 * `max` points ({@link downsamplePoints}). Undefined when the version does not exist.
 */
export async function trainingRunView(
  db: Db,
  versionId: number,
  query: { afterStep?: number; max?: number } = {},
): Promise<TrainingRunView | undefined> {
  const version = await getModelVersion(db, versionId);
  if (!version) return undefined;
  const job = await trainingJobOf(db, version);
  const all = await listTrainingPoints(db, versionId, query.afterStep);
  const points = query.afterStep === undefined ? downsamplePoints(all, query.max ?? 1000) : all;
  const stats = await trainingPointStats(db, versionId);
  const { id, corpusId, name, source, baseModel, status, createdAt } = version;
  return {
    modelVersion: {
      id,
      corpusId,
      name,
      source,
      baseModel: baseModel.startsWith("dir:") ? (settingsOf(job)?.baseModel ?? "dir") : baseModel,
      status,
      createdAt,
    },
    job: job ? toJobView(job) : null,
    settings: settingsOf(job),
    pointCount: stats.count,
    lastStep: stats.lastStep,
    points,
    downsampled: points.length < all.length,
  };
}
