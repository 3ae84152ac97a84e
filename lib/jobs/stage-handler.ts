import type { JobContext, JobHandler } from "@/lib/jobs/job-handler";

/**
 * A stage's job handler: a {@link JobHandler} whose run returns what it did (its outcome), so that
 * the pipeline (lib/pipeline/pipeline.ts), not the handler, decides which job follows. The queue
 * runs it wrapped by the pipeline's `withPipeline`.
 */
export interface StageHandler<P, O = void> extends JobHandler<P> {
  run(ctx: JobContext<P>): Promise<O>;
}
