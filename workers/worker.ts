/**
 * The background worker: takes jobs from the database queue and runs them until Ctrl-C / SIGTERM,
 * when the running job is handed back to the queue for the next worker.
 */
import { config } from "@/lib/config";
import { openDatabase } from "@/lib/db/client";
import { jobHandlers } from "@/lib/jobs/handlers";
import { bootstrapSampleCorpus } from "@/lib/jobs/sample-bootstrap";
import { runWorkerLoop } from "@/lib/jobs/worker-loop";

const log = (line: string) => console.log(`[worker] ${line}`);

async function main() {
  const cfg = config();
  const db = openDatabase(cfg.dbPath);
  if (cfg.loadSample) {
    const jobId = bootstrapSampleCorpus(db, cfg.maxPassageChars, cfg.baseModel);
    if (jobId !== null) log(`empty database: loading the sample corpus (job ${jobId})`);
  }
  const stop = new AbortController();
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.on(sig, () => {
      if (!stop.signal.aborted) log(`${sig}: finishing up`);
      stop.abort();
    });
  }
  log(`ready (database ${cfg.dbPath})`);
  await runWorkerLoop(db, { handlers: jobHandlers, leaseMs: cfg.leaseMs, pollMs: cfg.workerPollMs, signal: stop.signal, log });
  db.$client.close();
  log("stopped");
}

main().catch((err) => {
  console.error(`[worker] ${err instanceof Error ? err.stack : err}`);
  process.exit(1);
});
