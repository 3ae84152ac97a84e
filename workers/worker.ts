/**
 * The background worker: takes jobs from the database queue and runs them until Ctrl-C / SIGTERM,
 * when the running job is handed back to the queue for the next worker.
 *
 * `--only TYPE,...` / `--except TYPE,...` choose the job types it takes, so that long training
 * runs in a worker of its own and never holds up ingest and indexing (`npm start` runs both).
 * Only a worker that takes ingest jobs loads the sample corpus into an empty database.
 */
import { parseArgs } from "node:util";
import { config } from "@/lib/config";
import { closeDatabase, openDatabase } from "@/lib/db/client";
import { databaseLabel } from "@/lib/db/dialect";
import { jobHandlers } from "@/lib/jobs/handlers";
import type { HandlerRegistry } from "@/lib/jobs/job-handler";
import { bootstrapSampleCorpus } from "@/lib/jobs/sample-bootstrap";
import { runWorkerLoop } from "@/lib/jobs/worker-loop";

const log = (line: string) => console.log(`[worker] ${line}`);

function chosenHandlers(): HandlerRegistry {
  const { values } = parseArgs({ options: { only: { type: "string" }, except: { type: "string" } } });
  const list = (s?: string) => (s ? s.split(",").map((t) => t.trim()) : undefined);
  const only = list(values.only);
  const except = list(values.except) ?? [];
  for (const t of [...(only ?? []), ...except])
    if (!jobHandlers[t]) throw new Error(`unknown job type "${t}"; known: ${Object.keys(jobHandlers).join(", ")}`);
  return Object.fromEntries(
    Object.entries(jobHandlers).filter(([t]) => (!only || only.includes(t)) && !except.includes(t)),
  );
}

async function main() {
  const cfg = config();
  const handlers = chosenHandlers();
  const db = openDatabase(cfg.dbPath);
  if (cfg.loadSample && handlers.ingest) {
    const jobId = await bootstrapSampleCorpus(db, cfg.maxPassageChars, cfg.baseModel);
    if (jobId !== null) log(`empty database: loading the sample corpus (job ${jobId})`);
  }
  const stop = new AbortController();
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.on(sig, () => {
      if (!stop.signal.aborted) log(`${sig}: finishing up`);
      stop.abort();
    });
  }
  log(`ready for ${Object.keys(handlers).join(", ")} jobs (database ${databaseLabel(cfg.dbPath)})`);
  // The configuration is read once, here, and handed to every job (their handlers read none).
  await runWorkerLoop(db, {
    handlers,
    leaseMs: cfg.leaseMs,
    pollMs: cfg.workerPollMs,
    signal: stop.signal,
    log,
    settings: cfg,
  });
  await closeDatabase(db);
  log("stopped");
}

main().catch((err) => {
  console.error(`[worker] ${err instanceof Error ? err.stack : err}`);
  process.exit(1);
});
