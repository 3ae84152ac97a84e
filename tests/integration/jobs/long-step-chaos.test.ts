import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The handlers read the data folder from the environment once: set it before they load.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-long-steps-"));
process.env.COGNATE_DATA_DIR = dataDir;
const { closeDatabase, openDatabase } = await import("@/lib/db/client");
const { databaseDialect } = await import("@/lib/db/dialect");
const { createCorpus } = await import("@/lib/db/queries/corpora");
const { latestClusterRun } = await import("@/lib/db/queries/clusters");
const { getJob, insertJob, leaseNextJob, requestCancel } = await import("@/lib/db/queries/jobs");
const { createModelVersion } = await import("@/lib/db/queries/model-versions");
const { passageIds } = await import("@/lib/db/queries/passages");
const { indexFolder } = await import("@/lib/index/index-manifest");
const { loadIndex, saveIndex } = await import("@/lib/index/index-store");
const { randomUnitVectors } = await import("@/lib/index/random-unit-vectors");
const { VectorIndex } = await import("@/lib/index/vector-index");
const { clusterHandler } = await import("@/lib/jobs/handlers/cluster-handler");
const { indexHandler } = await import("@/lib/jobs/handlers/index-handler");
const { runLeasedJob } = await import("@/lib/jobs/job-runner");
const { exportOnnx } = await import("@/lib/model/onnx/onnx-export");
const { writeTinyModel } = await import("@/tests/fixtures/tiny-model");
const { storeDocuments } = await import("@/tests/helpers/store-documents");

/**
 * The long synchronous steps of the index job (compaction of a large graph, tuning its search)
 * and of the cluster job (k-means, UMAP, HDBSCAN) must leave the worker's event loop free: the
 * heartbeat renews a short lease while they run (a watcher thread takes the job over the moment
 * the lease lapses), and a cancel stops them.
 */
const db = openDatabase(path.join(dataDir, "cognate.db"));
const LEASE_MS = 1500;
// Enough work that the index job outlasts three renewals (about 1.5 s) by seconds on a fast
// machine: with 20,000 and 6,000 it took 2.1 s uncancelled, and once finished before the cancel.
const PASSAGES = 40_000;
const GONE = 12_000;
const WORDS = ["orbit", "galaxy", "bread", "flour", "marathon", "race", "piano", "guitar", "market", "stock"];
let corpusId: number;
let versionId: number;
let dim: number;

beforeAll(async () => {
  corpusId = (await createCorpus(db, { name: "large" })).id;
  const docs = Array.from({ length: PASSAGES / 10 }, (_, d) => ({
    title: `doc ${d}`,
    passages: Array.from(
      { length: 10 },
      (_, p) => `${WORDS[d % 10]} ${WORDS[(d + p) % 10]} passage ${p} of document ${d} about ${WORDS[p % 10]}.`,
    ),
  }));
  await storeDocuments(db, corpusId, docs);
  const modelDir = path.join(dataDir, "tiny");
  dim = writeTinyModel(modelDir, { seed: 3 }).config.hidden_size;
  await exportOnnx(modelDir);
  versionId = (
    await createModelVersion(db, {
      corpusId,
      name: "tiny",
      source: "dir",
      baseModel: `dir:${modelDir}`,
      path: modelDir,
      status: "live",
    })
  ).id;
  // An index of every passage plus many that were deleted since: the job drops them, compacts and retunes.
  const ids = await passageIds(db, corpusId);
  const extra = Array.from({ length: GONE }, (_, i) => 10_000_000 + i);
  const index = VectorIndex.create({ dim, maxElements: ids.length + GONE, efConstruction: 100 });
  index.add([...ids, ...extra], randomUnitVectors(ids.length + GONE, dim, 7));
  await saveIndex(path.join(dataDir, "indexes"), { corpusId, modelVersionId: versionId }, index);
}, 120_000);
afterAll(async () => {
  await closeDatabase(db);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A thread that takes the job over the moment its lease lapses, as a second worker would: through
 * its own connection, better-sqlite3's or pg's (on PostgreSQL, `npm run test:pg`).
 */
function startWatcher(jobId: number): { stop: () => Promise<{ tookOver: boolean }> } {
  const resolve = createRequire(import.meta.url).resolve;
  const take =
    "update jobs set lease_owner = 'second worker' where id = $1 and status = 'running' and lease_expires_at < $2";
  const worker = new Worker(
    `const { parentPort, workerData } = require("node:worker_threads");
     const { url, jobId, take } = workerData;
     let tookOver = false;
     let close;
     if (url) {
       const client = new (require(workerData.pg).Client)({ connectionString: url });
       const ready = client.connect();
       let busy = false;
       const timer = setInterval(async () => {
         if (busy) return;
         busy = true;
         await ready;
         if ((await client.query(take, [jobId, Date.now()])).rowCount) tookOver = true;
         busy = false;
       }, 20);
       close = async () => { clearInterval(timer); while (busy) await new Promise((r) => setTimeout(r, 5)); await client.end(); };
     } else {
       const db = new (require(workerData.sqlite))(workerData.dbPath);
       db.pragma("busy_timeout = 5000");
       const update = db.prepare(take.replace("$1", "?").replace("$2", "?"));
       const timer = setInterval(() => { if (update.run(jobId, Date.now()).changes) tookOver = true; }, 20);
       close = async () => { clearInterval(timer); db.close(); };
     }
     parentPort.on("message", () => void close().then(() => parentPort.postMessage({ tookOver })));`,
    {
      eval: true,
      workerData: {
        sqlite: resolve("better-sqlite3"),
        pg: resolve("pg"),
        url: databaseDialect() === "postgres" ? process.env.DATABASE_URL : undefined,
        dbPath: path.join(dataDir, "cognate.db"),
        jobId,
        take,
      },
    },
  );
  return {
    stop: () =>
      new Promise((resolve) => {
        worker.once("message", (m) => void worker.terminate().then(() => resolve(m)));
        worker.postMessage("stop");
      }),
  };
}

/**
 * Runs a job under a short lease with the watcher beside it; once the heartbeat has renewed the
 * lease `renewals` times while the job ran, asks for a cancel. Returns how the job ended.
 */
async function runThenCancel(type: string, payload: unknown, renewals = 3) {
  const job = await insertJob(db, { type, payload, title: type });
  const leased = (await leaseNextJob(db, "worker", LEASE_MS, [type]))!;
  const watcher = startWatcher(job.id);
  const handlers = { index: indexHandler, cluster: clusterHandler };
  const running = runLeasedJob(db, leased, handlers, { owner: "worker", leaseMs: LEASE_MS, stopPollMs: 100 });
  let ended = false;
  void running.finally(() => (ended = true));
  const seen = new Set<number>();
  while (!ended && seen.size <= renewals) {
    const row = (await getJob(db, job.id))!;
    if (row.status === "running" && row.leaseOwner === "worker" && row.leaseExpiresAt) seen.add(row.leaseExpiresAt);
    await sleep(25);
  }
  await requestCancel(db, job.id);
  const status = await running;
  const { tookOver } = await watcher.stop();
  return { status, tookOver, renewed: seen.size - 1, row: (await getJob(db, job.id))! };
}

describe("long steps of index and cluster jobs", () => {
  it("an index job keeps its lease while it compacts and retunes a large index, and stops on cancel", async () => {
    const { status, tookOver, renewed, row } = await runThenCancel("index", {
      corpusId,
      modelVersionId: versionId,
      promote: false,
    });
    expect(tookOver, "the lease lapsed while the job ran: its heartbeat was blocked").toBe(false);
    expect(renewed).toBeGreaterThanOrEqual(3);
    expect(status).toBe("cancelled");
    expect(row).toMatchObject({ status: "cancelled", leaseOwner: null });
    // Nothing was half-written: the index saved before the job still loads, whole.
    const { index } = await loadIndex(
      indexFolder(path.join(dataDir, "indexes"), { corpusId, modelVersionId: versionId }),
    );
    expect(index.size).toBe(PASSAGES + GONE);
  }, 120_000);

  it("a cluster job keeps its lease while it clusters a large corpus, and stops on cancel without storing a run", async () => {
    const { status, tookOver, renewed, row } = await runThenCancel("cluster", {
      corpusId,
      modelVersionId: versionId,
    });
    expect(tookOver, "the lease lapsed while the job ran: its heartbeat was blocked").toBe(false);
    expect(renewed).toBeGreaterThanOrEqual(3);
    expect(status).toBe("cancelled");
    expect(row).toMatchObject({ status: "cancelled", leaseOwner: null });
    expect(await latestClusterRun(db, corpusId)).toBeUndefined();
  }, 120_000);
});
