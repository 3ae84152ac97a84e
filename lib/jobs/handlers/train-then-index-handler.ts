import { getModelVersion, liveModelVersion } from "../../db/queries/model-versions";
import { writeTransaction } from "../../db/client";
import type { ModelVersion } from "../../db/schema";
import type { JobHandler } from "../job-handler";
import { enqueueIndex } from "../model-pipeline";
import { trainHandler, type TrainPayload } from "./train-handler";

/**
 * Whether a freshly trained version should replace the live one: always when nothing is live,
 * otherwise only when it beats, on the corpus's evaluation set, the score its base had before training.
 */
export function shouldPromote(trained: ModelVersion, live: ModelVersion | undefined): boolean {
  if (!live) return true;
  const metrics = JSON.parse(trained.metrics) as { primary?: string; baseline?: Record<string, number> } & Record<string, unknown>;
  const primary = metrics.primary;
  if (!primary || typeof metrics[primary] !== "number") return false;
  const before = metrics.baseline?.[primary];
  return before === undefined || (metrics[primary] as number) > before;
}

/**
 * The training job as the queue runs it: train (resumable), then queue the index job that
 * embeds the corpus with the new model, promoting it only if it is better. The old version
 * keeps serving until the new index is complete.
 */
export const trainThenIndexHandler: JobHandler<TrainPayload> = {
  ...trainHandler,
  async run(ctx) {
    await trainHandler.run(ctx);
    const { corpusId, modelVersionId } = ctx.payload;
    writeTransaction(ctx.db, (tx) => {
      const trained = getModelVersion(tx, modelVersionId)!;
      enqueueIndex(tx, { corpusId, modelVersionId, promote: shouldPromote(trained, liveModelVersion(tx, corpusId)) }, `Embed and index with ${trained.name}`);
    });
  },
};
