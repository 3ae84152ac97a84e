import type { HandlerRegistry } from "../job-handler";
import { ingestHandler } from "./ingest-handler";

/** Every job type a worker can run. */
export const jobHandlers: HandlerRegistry = {
  ingest: ingestHandler,
};
