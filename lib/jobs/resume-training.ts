import "server-only";
import { z } from "zod";
import { type Db, writeTransaction } from "@/lib/db/client";
import type { JobRow } from "@/lib/db/schema";
import { getJob, requeueJob } from "@/lib/db/queries/jobs";
import { getModelVersion, updateModelVersion } from "@/lib/db/queries/model-versions";
import { trainPayload } from "@/lib/jobs/handlers/train-payload";
import { DomainError, notFoundError } from "@/lib/core/domain-error";

/** The step of the training checkpoint the job saved (a `TrainCheckpoint`), if any. */
const savedCheckpoint = z.object({ step: z.number() });

function savedStep(job: JobRow): number | undefined {
  const parsed = savedCheckpoint.safeParse(job.checkpoint);
  return parsed.success ? parsed.data.step : undefined;
}

/**
 * Queues a cancelled or failed training job again. Its worker continues from the run folder's
 * last checkpoint (weights, AdamW moments, sampler position, curve), which the handler keeps
 * when a run is cancelled or fails, and the model version goes back to `pending`.
 * @returns the queued job
 * @throws DomainError `not_found` for an unknown job, `conflict` for one that cannot be resumed
 */
export function resumeTraining(db: Db, jobId: number): Promise<JobRow> {
  return writeTransaction(db, async (tx) => {
    const job = await getJob(tx, jobId);
    if (!job) throw notFoundError(`job ${jobId}`);
    if (job.type !== "train")
      throw new DomainError(
        "conflict",
        `job ${jobId} is a ${job.type} job; only training jobs resume from a checkpoint`,
      );
    if (job.status !== "cancelled" && job.status !== "failed") {
      throw new DomainError(
        "conflict",
        `job ${jobId} is ${job.status}; only a cancelled or failed training job can be resumed`,
      );
    }
    const payload = trainPayload.safeParse(job.payload);
    const versionId = payload.success ? payload.data.modelVersionId : undefined;
    if (versionId === undefined || !(await getModelVersion(tx, versionId))) {
      throw new DomainError("conflict", `the model version of job ${jobId} no longer exists: start a new training run`);
    }
    const step = savedStep(job);
    const queued = await requeueJob(
      tx,
      jobId,
      step ? `resuming from the checkpoint at step ${step}` : "resuming from the last checkpoint",
    );
    if (!queued) throw new DomainError("conflict", `job ${jobId} changed meanwhile; reload and try again`);
    await updateModelVersion(tx, versionId, { status: "pending" });
    return queued;
  });
}
