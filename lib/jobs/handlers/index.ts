import "server-only";
import type { HandlerRegistry } from "@/lib/jobs/job-handler";
import { clusterHandler } from "@/lib/jobs/handlers/cluster-handler";
import { indexHandler } from "@/lib/jobs/handlers/index-handler";
import { ingestHandler } from "@/lib/jobs/handlers/ingest-handler";
import { prepareModelHandler } from "@/lib/jobs/handlers/prepare-model-handler";
import { trainJobHandler } from "@/lib/jobs/handlers/train-job-handler";
import { withPipeline } from "@/lib/pipeline/pipeline";

/** Every job type a worker can run, each followed by the next stage (see lib/pipeline/pipeline.ts). */
export const jobHandlers: HandlerRegistry = withPipeline({
  ingest: ingestHandler,
  "prepare-model": prepareModelHandler,
  index: indexHandler,
  train: trainJobHandler,
  cluster: clusterHandler,
});
