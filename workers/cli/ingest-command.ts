import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { config } from "@/lib/config";
import { closeDatabase, openDatabase } from "@/lib/db/client";
import { createCorpus, getCorpusByName } from "@/lib/db/queries/corpora";
import { getJob, leaseNextJob } from "@/lib/db/queries/jobs";
import { jobHandlers } from "@/lib/jobs/handlers";
import { checkFormat } from "@/lib/ingest/formats/registry";
import { submitUpload } from "@/lib/ingest/ingest-service";
import { runLeasedJob } from "@/lib/jobs/job-runner";
import { workerOwnerId } from "@/lib/jobs/worker-loop";
import { makeProgressPrinter, progressLine } from "@/workers/cli/progress-line";

const USAGE =
  "usage: npm run cli -- ingest FILE --corpus NAME [--text-column C]... [--title-column C] [--text-field F] [--title-field F] [--format txt|md|csv|jsonl|html]";

/** `ingest FILE --corpus NAME`: validates the file, stores it in the corpus (created if missing) and prints the counts. */
export async function ingestCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      corpus: { type: "string" },
      "text-column": { type: "string", multiple: true },
      "title-column": { type: "string" },
      "text-field": { type: "string" },
      "title-field": { type: "string" },
      format: { type: "string" },
    },
  });
  const file = positionals[0];
  if (!file || !values.corpus) throw new Error(USAGE);
  if (!fs.existsSync(file)) throw new Error(`${file}: no such file`);
  const cfg = config();
  const db = openDatabase(cfg.dbPath);
  const corpus = (await getCorpusByName(db, values.corpus)) ?? (await createCorpus(db, { name: values.corpus }));
  const { jobId } = await submitUpload(db, cfg, {
    corpusId: corpus.id,
    fileName: path.basename(file),
    bytes: fs.readFileSync(file),
    choices: {
      // Checked here so that a wrong --format gets the parser's message, which names the formats.
      format: values.format === undefined ? undefined : checkFormat(path.basename(file), values.format),
      textColumns: values["text-column"],
      titleColumn: values["title-column"],
      textField: values["text-field"],
      titleField: values["title-field"],
    },
  });
  const owner = workerOwnerId();
  const job = await leaseNextJob(db, owner, cfg.leaseMs, ["ingest"], jobId);
  if (!job) throw new Error(`job ${jobId} was taken by a running worker; follow it on the Jobs page`);
  const print = makeProgressPrinter();
  // One look at a time; a look that fails (a busy database) only skips a line of progress.
  let looking = false;
  let lastLook: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    if (looking) return;
    looking = true;
    lastLook = getJob(db, jobId)
      .then((row) => {
        if (row) print(progressLine(row));
      })
      .catch(() => {})
      .finally(() => (looking = false));
  }, 300);
  const status = await runLeasedJob(db, job, jobHandlers, { owner, leaseMs: cfg.leaseMs, settings: cfg });
  clearInterval(timer);
  // A look under way prints before the last line, not after it.
  await lastLook;
  const row = (await getJob(db, jobId))!;
  print(progressLine(row), true);
  await closeDatabase(db);
  if (status !== "succeeded") throw new Error(row.error ?? `ingest ended as ${status}`);
  console.log(`corpus "${corpus.name}": ${row.message}`);
}
