import type { HandlerRegistry } from "../job-handler";
import { clusterHandler } from "./cluster-handler";
import { indexHandler } from "./index-handler";
import { ingestHandler } from "./ingest-handler";
import { prepareModelHandler } from "./prepare-model-handler";
import { trainThenIndexHandler } from "./train-then-index-handler";

/** Every job type a worker can run. */
export const jobHandlers: HandlerRegistry = {
  ingest: ingestHandler,
  "prepare-model": prepareModelHandler,
  index: indexHandler,
  train: trainThenIndexHandler,
  cluster: clusterHandler,
};
