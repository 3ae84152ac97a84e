/**
 * What follows what. After each job succeeds, its follow-up here queues the next stage:
 *
 *   ingest ─► (model upkeep) index the live version's new passages, or give a new corpus its model:
 *             prepare model (hub or folder) ─► index, or train from scratch ─► index
 *   prepare model ─► index (or, when the hub cannot be reached, train from scratch)
 *   train ─► index (promoting the new version only if it won on held-out data)
 *   index ─► cluster (when the live version's index is new or changed)
 *   cluster ─► nothing
 *
 * Stage handlers (lib/jobs/handlers) only do their own work and return what they did; they never
 * queue each other. This module wraps them for the queue ({@link withPipeline}).
 */
import { writeTransaction, type Db } from "@/lib/db/client";
import { latestClusterRun } from "@/lib/db/queries/clusters";
import { liveModelVersion } from "@/lib/db/queries/model-versions";
import type { HandlerRegistry, JobHandler } from "@/lib/jobs/job-handler";
import type { StageHandler } from "@/lib/jobs/stage-handler";
import type { ClusterPayload } from "@/lib/jobs/handlers/cluster-handler";
import type { IndexOutcome, IndexPayload } from "@/lib/jobs/handlers/index-handler";
import type { IngestPayload } from "@/lib/jobs/handlers/ingest-handler";
import type { PrepareModelOutcome, PrepareModelPayload } from "@/lib/jobs/handlers/prepare-model-handler";
import type { TrainOutcome } from "@/lib/jobs/handlers/train-job-handler";
import type { TrainPayload } from "@/lib/jobs/handlers/train-payload";
import {
  enqueueAutoClustering,
  enqueueIndex,
  enqueueModelUpkeep,
  enqueueScratchTraining,
} from "@/lib/pipeline/stage-jobs";

/** Queues, in the transaction `tx`, what follows a job that succeeded with `outcome`. */
type FollowUp<P, O> = (tx: Db, payload: P, outcome: O) => Promise<void>;

/** The stages by job type: each one's handler and what follows it. */
export interface Stages {
  ingest: StageHandler<IngestPayload>;
  "prepare-model": StageHandler<PrepareModelPayload, PrepareModelOutcome>;
  train: StageHandler<TrainPayload, TrainOutcome>;
  index: StageHandler<IndexPayload, IndexOutcome>;
  cluster: StageHandler<ClusterPayload>;
}

type Outcome<S> = S extends StageHandler<unknown, infer O> ? O : never;
type Payload<S> = S extends StageHandler<infer P, unknown> ? P : never;

/** The order of the stages, one rule per job type. */
export const followUps: { [T in keyof Stages]: FollowUp<Payload<Stages[T]>, Outcome<Stages[T]>> } = {
  ingest: (tx, payload) => enqueueModelUpkeep(tx, payload.corpusId, payload.baseModel),
  "prepare-model": async (tx, payload, outcome) => {
    if ("fallback" in outcome)
      await enqueueScratchTraining(
        tx,
        payload.corpusId,
        "Train a model from scratch (the model hub cannot be reached)",
      );
    else
      await enqueueIndex(
        tx,
        { corpusId: payload.corpusId, modelVersionId: outcome.modelVersionId, promote: payload.promote },
        `Embed and index with ${outcome.name}`,
      );
  },
  train: async (tx, payload, outcome) => {
    await enqueueIndex(
      tx,
      { corpusId: payload.corpusId, modelVersionId: payload.modelVersionId, promote: outcome.promote },
      `Embed and index with ${outcome.name}`,
    );
  },
  index: async (tx, payload, outcome) => {
    // The explorer follows the live version: a new live version or changed passages mean new clusters.
    const live = await liveModelVersion(tx, payload.corpusId);
    if (
      live?.id === payload.modelVersionId &&
      (!outcome.wasLive || outcome.changed || !(await latestClusterRun(tx, payload.corpusId)))
    )
      await enqueueAutoClustering(tx, payload.corpusId);
  },
  cluster: async () => {},
};

/**
 * The job the queue runs: the stage's work, then its follow-up in one transaction. A worker that dies
 * between the two leaves the job to run again, and stages are idempotent on a re-run (ingest resumes
 * after its last batch, training returns its finished run), so the follow-up is not lost.
 */
function followed<P, O>(handler: StageHandler<P, O>, next: FollowUp<P, O>): JobHandler<P> {
  return {
    ...handler,
    async run(ctx) {
      const outcome = await handler.run(ctx);
      await writeTransaction(ctx.db, (tx) => next(tx, ctx.payload, outcome));
    },
  };
}

/** The queue's handler registry: each stage's handler, followed by what comes after it. */
export function withPipeline(stages: Stages): HandlerRegistry {
  const registry: HandlerRegistry = {};
  for (const type of Object.keys(stages) as (keyof Stages)[])
    registry[type] = followed(
      stages[type] as StageHandler<unknown, unknown>,
      followUps[type] as FollowUp<unknown, unknown>,
    );
  return registry;
}
