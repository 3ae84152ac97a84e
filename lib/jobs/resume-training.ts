import { type Db, writeTransaction } from "@/lib/db/client";
import type { JobRow } from "@/lib/db/schema";
import { getJob, requeueJob } from "@/lib/db/queries/jobs";
import { getModelVersion, updateModelVersion } from "@/lib/db/queries/model-versions";
import type { TrainCheckpoint } from "@/lib/jobs/handlers/train-handler";

/** Why a job cannot be resumed, with the HTTP status that says so. */
export type ResumeRefusal = { status: 404 | 409; message: string };

function savedStep(job: JobRow): number | undefined {
  try {
    return job.checkpoint ? (JSON.parse(job.checkpoint) as TrainCheckpoint).step : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Queues a cancelled or failed training job again. Its worker continues from the run folder's
 * last checkpoint (weights, AdamW moments, sampler position, curve), which the handler keeps
 * when a run is cancelled or fails, and the model version goes back to `pending`.
 * @returns the queued job, or why it cannot be resumed
 */
export function resumeTraining(db: Db, jobId: number): { job: JobRow } | { refused: ResumeRefusal } {
  return writeTransaction(db, (tx) => {
    const job = getJob(tx, jobId);
    if (!job) return { refused: { status: 404 as const, message: `job ${jobId} not found` } };
    if (job.type !== "train")
      return {
        refused: {
          status: 409 as const,
          message: `job ${jobId} is a ${job.type} job; only training jobs resume from a checkpoint`,
        },
      };
    if (job.status !== "cancelled" && job.status !== "failed") {
      return {
        refused: {
          status: 409 as const,
          message: `job ${jobId} is ${job.status}; only a cancelled or failed training job can be resumed`,
        },
      };
    }
    const versionId = (JSON.parse(job.payload) as { modelVersionId?: number }).modelVersionId;
    if (versionId === undefined || !getModelVersion(tx, versionId)) {
      return {
        refused: {
          status: 409 as const,
          message: `the model version of job ${jobId} no longer exists: start a new training run`,
        },
      };
    }
    const step = savedStep(job);
    const queued = requeueJob(
      tx,
      jobId,
      step ? `resuming from the checkpoint at step ${step}` : "resuming from the last checkpoint",
    );
    if (!queued)
      return { refused: { status: 409 as const, message: `job ${jobId} changed meanwhile; reload and try again` } };
    updateModelVersion(tx, versionId, { status: "pending" });
    return { job: queued };
  });
}
