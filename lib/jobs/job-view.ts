import "server-only";
import { z } from "zod";
import type { JobRow } from "@/lib/db/schema";
import { redactPaths } from "@/lib/jobs/redact-paths";

/** A job as the API and the UI show it (no lease internals, no payload, no server paths in `message` and `error`). */
export interface JobView {
  id: number;
  type: string;
  title: string;
  status: JobRow["status"];
  corpusId: number | null;
  progress: number;
  done: number;
  total: number;
  rate: number | null;
  etaSeconds: number | null;
  message: string;
  error: string | null;
  attempts: number;
  cancelRequested: boolean;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  updatedAt: number;
  /** The model version a train, index or prepare job works on, when its payload names one (links to its training run). */
  modelVersionId: number | null;
}

/** The part of the train, index and prepare payload schemas that the view shows: the version worked on. */
const namesModelVersion = z.object({ modelVersionId: z.number() });

function payloadVersionId(payload: unknown): number | null {
  const parsed = namesModelVersion.safeParse(payload);
  return parsed.success ? parsed.data.modelVersionId : null;
}

export function toJobView(job: JobRow): JobView {
  return {
    id: job.id,
    type: job.type,
    title: job.title,
    status: job.status,
    corpusId: job.corpusId,
    progress: job.progress,
    done: job.done,
    total: job.total,
    rate: job.rate,
    etaSeconds: job.etaSeconds,
    message: redactPaths(job.message),
    error: redactPaths(job.error),
    attempts: job.attempts,
    cancelRequested: job.cancelRequested,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    updatedAt: job.updatedAt,
    modelVersionId: payloadVersionId(job.payload),
  };
}
