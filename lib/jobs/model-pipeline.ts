import type { Db } from "../db/client";
import { hasQueuedJob, insertJob } from "../db/queries/jobs";
import { liveModelVersion } from "../db/queries/model-versions";
import type { indexPayload } from "./handlers/index-handler";
import type { trainPayload } from "./handlers/train-handler";
import type { z } from "zod";
import type { prepareModelPayload } from "./handlers/prepare-model-handler";
import type { clusterPayload } from "./handlers/cluster-handler";
import { latestClusterRun } from "../db/queries/clusters";


/** Queues the job that gets a base model for a corpus (download or folder), then indexes it. */
export function enqueuePrepareModel(db: Db, payload: z.input<typeof prepareModelPayload>) {
  return insertJob(db, { type: "prepare-model", payload, title: `Prepare model ${payload.spec}`, corpusId: payload.corpusId, priority: -1 });
}

/** Queues a training job for a model version of a corpus; an index job follows when it succeeds. */
export function enqueueTraining(db: Db, payload: z.input<typeof trainPayload>, title = "Train a model") {
  return insertJob(db, { type: "train", payload, title, corpusId: payload.corpusId, priority: -2, maxAttempts: 2 });
}

/** Queues an index job for a model version of a corpus. */
export function enqueueIndex(db: Db, payload: z.input<typeof indexPayload>, title = "Embed and index passages") {
  return insertJob(db, { type: "index", payload, title, corpusId: payload.corpusId, priority: -1 });
}

/** After new passages arrive: brings the live version's index up to date, if the corpus has one. */
export function enqueueIndexRefresh(db: Db, corpusId: number) {
  const live = liveModelVersion(db, corpusId);
  if (live) enqueueIndex(db, { corpusId, modelVersionId: live.id, promote: false }, "Index new passages");
}

/** Queues a clustering job (or an edit of the current clustering) for a corpus. */
export function enqueueClustering(db: Db, payload: z.input<typeof clusterPayload>, title = "Cluster passages and lay out the map") {
  return insertJob(db, { type: "cluster", payload, title, corpusId: payload.corpusId, priority: -3, maxAttempts: 2 });
}

/**
 * After the live version's index changed: re-clusters the corpus with the settings of its last
 * run (or the defaults), unless a clustering of it is already waiting in the queue.
 */
export function enqueueAutoClustering(db: Db, corpusId: number) {
  if (hasQueuedJob(db, corpusId, "cluster")) return undefined;
  const last = latestClusterRun(db, corpusId);
  const settings = last ? (JSON.parse(last.settings) as z.input<typeof clusterPayload>["settings"]) : undefined;
  return enqueueClustering(db, { corpusId, settings }, "Cluster passages and lay out the map");
}
