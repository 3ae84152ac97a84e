/**
 * `npm run bench -- load [--seconds 60] [--clients 8,32] [--copies 10]`: the whole app under load
 * (issue 13, 7c; not in CI). Starts `npm start`'s launcher (production web server and two
 * supervised workers) on a temporary data folder whose first start loads the sample corpus with
 * a tiny local model, then, per phase, sends `--seconds` of mixed traffic (search API,
 * similarity API, the search page /?q= and corpus pages) from `--clients` concurrent clients
 * while an upload of `--copies` renamed copies of the sample (ingest, then embedding) and a
 * training run proceed. Prints per phase: requests, errors (target 0), p50/p99 per kind, and the
 * workers the supervisor restarted.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { LOAD_ADMIN, startStack } from "@/bench/load/app-stack";
import {
  cancelJob,
  getJob,
  loginCookie,
  sampleCorpusId,
  startTraining,
  startUpload,
  waitForIdle,
  type JobSummary,
} from "@/bench/load/load-client";
import { KINDS, runMixedTraffic, type Kind, type KindStats } from "@/bench/load/mixed-traffic";
import { buildApp, buildNeeded } from "@/bench/search-http/app-server";
import { markdownTable, percentile } from "@/bench/search-http/table";
import { writeTinyModel } from "@/tests/fixtures/tiny-model";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "60" },
    clients: { type: "string", default: "8,32" },
    copies: { type: "string", default: "10" },
  },
});
const seconds = Number(values.seconds);
const clientCounts = values.clients.split(",").map(Number);
const copies = Number(values.copies);
if (!(seconds > 0) || !clientCounts.every((n) => Number.isInteger(n) && n > 0) || !(copies >= 1))
  throw new Error("usage: npm run bench -- load [--seconds N>0] [--clients 8,32] [--copies N>=1]");

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : "-");

function phaseTable(stats: Record<Kind, KindStats>): string {
  const row = (name: string, s: KindStats) => [
    name,
    String(s.latenciesMs.length + s.errors),
    String(s.errors),
    ms(s.latenciesMs.length ? percentile(s.latenciesMs, 50) : NaN),
    ms(s.latenciesMs.length ? percentile(s.latenciesMs, 99) : NaN),
  ];
  const all: KindStats = {
    latenciesMs: KINDS.flatMap((k) => stats[k].latenciesMs),
    errors: KINDS.reduce((n, k) => n + stats[k].errors, 0),
    samples: [],
  };
  return markdownTable(
    ["kind", "requests", "errors", "p50 ms", "p99 ms"],
    [...KINDS.map((k) => row(k, stats[k])), row("all", all)],
  );
}

const jobLine = (what: string, j: JobSummary) =>
  `${what}: job ${j.id} ${j.status} (${Math.round((j.progress ?? 0) * 100)}%)${j.message ? `: ${j.message.slice(0, 100)}` : ""}${j.error ? ` (${j.error.slice(0, 300)})` : ""}`;

async function main(): Promise<void> {
  const stale = buildNeeded();
  if (stale) {
    console.error(`[load] building the web app (${stale})…`);
    buildApp();
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-load-"));
  const modelDir = path.join(dataDir, "tiny-model");
  // 512 positions as real encoders have: the default recipe may pick sequences of 256 tokens.
  writeTinyModel(modelDir, { seed: 1, maxPositions: 512 });
  console.error(`[load] starting the app on ${dataDir} (sample corpus, tiny model)…`);
  const stack = await startStack({
    COGNATE_DATA_DIR: dataDir,
    COGNATE_BASE_MODEL: `dir:${modelDir}`,
    COGNATE_ADMIN_EMAIL: LOAD_ADMIN.email,
    COGNATE_ADMIN_PASSWORD: LOAD_ADMIN.password,
  });
  try {
    const base = stack.baseUrl;
    const corpusId = await sampleCorpusId(base);
    const t0 = performance.now();
    await waitForIdle(base, 600_000);
    console.error(`[load] first start's jobs done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    const cookie = await loginCookie(base);
    await runMixedTraffic({ baseUrl: base, corpusId, cookie, clients: 2, seconds: 3 }); // warm-up, not counted

    console.log(`# Load: ${seconds} s of mixed traffic per phase while an upload and a training run proceed\n`);
    for (const clients of clientCounts) {
      const restartsBefore = stack.restarts().length;
      const upload = await startUpload(base, corpusId, copies, `c${clients}`);
      const train = await startTraining(base, corpusId);
      const stats = await runMixedTraffic({ baseUrl: base, corpusId, cookie, clients, seconds });
      const total = KINDS.reduce((n, k) => n + stats[k].latenciesMs.length + stats[k].errors, 0);
      const restarts = stack.restarts().slice(restartsBefore);
      console.log(`## ${clients} clients, ${seconds} s: ${total} requests, ${(total / seconds).toFixed(1)} req/s\n`);
      console.log(phaseTable(stats));
      console.log(`\nworker restarts: ${restarts.length}${restarts.map((l) => `\n  ${l}`).join("")}`);
      console.log(jobLine("upload (ingest)", await getJob(base, upload)));
      console.log(jobLine("training", await getJob(base, train)));
      for (const k of KINDS) for (const s of stats[k].samples) console.log(`error (${k}): ${s}`);
      console.log("");
      // The next phase starts from a quiet app: stop the run, let the upload's jobs finish.
      await cancelJob(base, train);
      await waitForIdle(base, 300_000).catch((err) => console.error(`[load] ${err.message}`));
    }
  } finally {
    await stack.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
