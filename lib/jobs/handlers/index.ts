import type { HandlerRegistry } from "@/lib/jobs/job-handler";
import { clusterHandler } from "@/lib/jobs/handlers/cluster-handler";
import { indexHandler } from "@/lib/jobs/handlers/index-handler";
import { ingestHandler } from "@/lib/jobs/handlers/ingest-handler";
import { prepareModelHandler } from "@/lib/jobs/handlers/prepare-model-handler";
import { trainThenIndexHandler } from "@/lib/jobs/handlers/train-then-index-handler";

/** Every job type a worker can run. */
export const jobHandlers: HandlerRegistry = {
  ingest: ingestHandler,
  "prepare-model": prepareModelHandler,
  index: indexHandler,
  train: trainThenIndexHandler,
  cluster: clusterHandler,
};
