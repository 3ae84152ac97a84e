import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  BENCH_AUTH_ENV,
  BENCH_KEY,
  groupStopper,
  startWebServer,
  type AppServer,
} from "@/bench/search-http/app-server";
import { loadTest, type LoadResult } from "@/bench/search-http/http-load";
import { percentile } from "@/bench/search-http/table";
import type { ScaleCorpus } from "@/bench/scale/scale-corpus";
import { dropPostgresDatabase } from "@/lib/db/postgres";

/** One configuration of the benchmark: which database, how many worker processes. */
export interface ScaleConfig {
  name: string;
  database: "sqlite" | "postgres";
  workers: number;
}

export const SCALE_CONFIGS: Record<string, ScaleConfig> = {
  sqlite: { name: "sqlite", database: "sqlite", workers: 1 },
  pg1: { name: "pg1", database: "postgres", workers: 1 },
  pg2: { name: "pg2", database: "postgres", workers: 2 },
};

/** A job as GET /api/v1/jobs shows it (the fields read here; times in ms since the epoch). */
interface JobTimes {
  id: number;
  type: string;
  status: string;
  message: string;
  error: string | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

/** One job of the run: its queue wait and run time, and the worker process that ran it. */
export interface JobTiming {
  id: number;
  type: string;
  waitMs: number;
  runMs: number;
  worker: string;
}

/** What one configuration measured. */
export interface ScaleResult {
  config: ScaleConfig;
  /** Passages of the corpus once ingested (GET /api/v1/corpora/{id}). */
  passages: number;
  /** Time the upload request took until its 202 (the file sent, validated, stored, its ingest queued). */
  uploadMs: number;
  /** Upload accepted (202) -> both web processes answer a dense search from the index. */
  searchableMs: number;
  /** Upload accepted -> each web process's first dense answer. */
  searchableMsPerWeb: number[];
  /** Stage run times from the jobs table (embed/index split by the index job's progress message). */
  stages: { ingest: number; model: number; embed: number; index: number };
  /** The rest of the time to searchable: queue waits between jobs, polling, the web processes' index load. */
  otherMs: number;
  jobs: JobTiming[];
  /** Dense text queries (each embedded by the server) through both web processes at once. */
  search: { requests: number; qps: number; p50: number; p99: number; perWeb: LoadResult[] };
  /** os.loadavg()[0] before the run and after its search load. */
  load: { before: number; after: number };
}

export interface ScaleRunOptions {
  corpus: ScaleCorpus;
  /** The base model (`COGNATE_BASE_MODEL`, dir:...). */
  baseModel: string;
  /** The PostgreSQL server to create the run's database on (its path is replaced). */
  pgServer: string;
  seconds: number;
  connections: number;
  k: number;
  /** Longest wait for the corpus to become searchable. */
  timeoutMs: number;
  log: (line: string) => void;
}

const API_HEADERS = { authorization: `Bearer ${BENCH_KEY}` };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function api<T>(baseUrl: string, route: string, init: RequestInit = {}, ok = [200]): Promise<T> {
  const res = await fetch(`${baseUrl}/api/v1${route}`, {
    ...init,
    headers: { ...API_HEADERS, ...(init.headers ?? {}) },
  });
  const text = await res.text();
  if (!ok.includes(res.status))
    throw new Error(`${init.method ?? "GET"} ${route} answered ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

const postJson = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

/** A worker process as `npm run worker -- --except cluster` runs it, with its output kept. */
interface WorkerProc {
  name: string;
  output: () => string;
  stop: () => Promise<void>;
  exited: () => boolean;
}

function startWorker(name: string, env: Record<string, string>, scratch: string): WorkerProc {
  fs.mkdirSync(scratch, { recursive: true });
  const child = spawn(
    process.execPath,
    // Clustering (the explorer's, queued after the index) is not part of "searchable": no worker takes it.
    ["--conditions=react-server", "--import", "tsx", path.join("workers", "worker.ts"), "--except", "cluster"],
    {
      env: { ...process.env, NODE_ENV: "production", ...BENCH_AUTH_ENV, ...env, TMPDIR: scratch },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    },
  );
  let output = "";
  const keep = (chunk: Buffer) => (output += chunk.toString());
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  return {
    name,
    output: () => output,
    stop: groupStopper(child, 10_000),
    exited: () => child.exitCode !== null || child.signalCode !== null,
  };
}

/** The worker whose log says it started job `id` (attempt 1), or "?". */
function ranBy(workers: WorkerProc[], job: { id: number; type: string }): string {
  const names = workers.filter((w) => w.output().includes(`job ${job.id} (${job.type}) started`)).map((w) => w.name);
  return names.join("+") || "?";
}

/** The search answered from the live version's index: dense mode, no notice, k results. */
async function answersDense(baseUrl: string, query: string, corpusId: number, k: number): Promise<boolean> {
  const res = await fetch(`${baseUrl}/api/v1/search`, {
    ...postJson({ query, mode: "dense", corpusId, k }),
    headers: { ...API_HEADERS, "content-type": "application/json" },
  });
  if (res.status !== 200) return false;
  const reply = (await res.json()) as { mode: string; notice?: string; results: unknown[] };
  return reply.mode === "dense" && !reply.notice && reply.results.length === k;
}

/**
 * Runs one configuration on a fresh data folder (and, on PostgreSQL, a fresh database, dropped
 * after): two web processes (workers/web-server.ts, as `npm run web` starts it) and
 * `config.workers` worker processes on the same data; the corpus uploaded through the API; jobs
 * and searches polled until both web processes answer dense searches from the index; then the
 * search load, split over the two web processes.
 */
export async function runScaleConfig(config: ScaleConfig, o: ScaleRunOptions): Promise<ScaleResult> {
  const loadBefore = os.loadavg()[0];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cognate-scale-${config.name}-`));
  let dbUrl = "";
  if (config.database === "postgres") {
    const server = new URL(o.pgServer);
    server.pathname = `/cognate_bench_scale_${process.pid}_${config.name}`;
    dbUrl = server.toString();
    await dropPostgresDatabase(dbUrl); // a leftover of an interrupted run
  }
  const env: Record<string, string> = {
    COGNATE_DATA_DIR: path.join(dir, "data"),
    COGNATE_DB: path.join(dir, "data", "cognate.db"), // SQLite's file (unused on PostgreSQL)
    DATABASE_URL: dbUrl, // empty: SQLite
    COGNATE_BASE_MODEL: o.baseModel,
    COGNATE_SAMPLE: "0",
  };
  const webs: AppServer[] = [];
  const workers: WorkerProc[] = [];
  try {
    o.log(`${config.name}: starting 2 web processes and ${config.workers} worker(s) on ${dbUrl || "SQLite"}`);
    // The first web process creates (PostgreSQL) and migrates the database; the rest find it ready.
    webs.push(await startWebServer(env, { lean: true }, 180_000));
    webs.push(await startWebServer(env, { lean: true }, 180_000));
    for (let i = 0; i < config.workers; i++)
      workers.push(startWorker(`worker${i + 1}`, env, path.join(dir, `worker${i + 1}-tmp`)));
    const readyBy = Date.now() + 120_000;
    while (!workers.every((w) => /\[worker\] ready for/.test(w.output()))) {
      const dead = workers.find((w) => w.exited());
      if (dead || Date.now() > readyBy)
        throw new Error(`${dead?.name ?? "a worker"} did not start:\n${workers.map((w) => w.output()).join("\n")}`);
      await sleep(200);
    }

    const web1 = webs[0].baseUrl;
    const { corpus } = await api<{ corpus: { id: number } }>(
      web1,
      "/corpora",
      postJson({ name: `scale ${config.name}` }),
      [201],
    );
    const form = new FormData();
    form.set("file", new Blob([o.corpus.jsonl], { type: "application/jsonl" }), "scale.jsonl");
    o.log(`${config.name}: uploading ${o.corpus.texts} texts (${(o.corpus.jsonl.length / 1048576).toFixed(1)} MiB)`);
    const sent = Date.now();
    await api(web1, `/corpora/${corpus.id}/documents`, { method: "POST", body: form }, [202]);
    const accepted = Date.now();

    // Jobs every 250 ms (the index job's message says when embedding ends); once the index job
    // has succeeded, searches on both web processes every 100 ms until both answer from the index.
    const query = o.corpus.queries[0];
    const searchable: (number | undefined)[] = [undefined, undefined];
    let embedEnd: number | undefined;
    let jobs: JobTimes[] = [];
    let lastJobsPoll = 0;
    let lastLog = 0;
    while (searchable.some((t) => t === undefined)) {
      if (Date.now() - accepted > o.timeoutMs)
        throw new Error(`not searchable after ${o.timeoutMs / 1000} s: ${JSON.stringify(jobs)}`);
      const dead = workers.find((w) => w.exited());
      if (dead) throw new Error(`${dead.name} exited:\n${dead.output().slice(-3000)}`);
      if (Date.now() - lastJobsPoll >= 250) {
        lastJobsPoll = Date.now();
        jobs = (await api<{ jobs: JobTimes[] }>(web1, "/jobs?limit=500")).jobs;
        const failed = jobs.find((j) => j.status === "failed" || j.status === "cancelled");
        if (failed) throw new Error(`job ${failed.id} (${failed.type}) ${failed.status}: ${failed.error}`);
        const index = jobs.find((j) => j.type === "index");
        // Messages: loading the model, embedding with…, embedding passages, tuning…, index holds….
        if (index?.startedAt && embedEnd === undefined)
          if (index.status !== "running" || /^(tuning|index holds)/.test(index.message)) embedEnd = lastJobsPoll;
        if (Date.now() - lastLog > 15_000) {
          lastLog = Date.now();
          const now = jobs.map((j) => `${j.type} ${j.status}${j.status === "running" ? ` "${j.message}"` : ""}`);
          o.log(`${config.name}: ${((Date.now() - accepted) / 1000).toFixed(0)} s: ${now.join(", ")}`);
        }
      }
      if (jobs.some((j) => j.type === "index" && j.status === "succeeded")) {
        await Promise.all(
          webs.map(async (w, i) => {
            if (searchable[i] === undefined && (await answersDense(w.baseUrl, query, corpus.id, o.k)))
              searchable[i] = Date.now();
          }),
        );
        await sleep(100);
      } else await sleep(250);
    }
    const searchableAt = Math.max(...(searchable as number[]));
    jobs = (await api<{ jobs: JobTimes[] }>(web1, "/jobs?limit=500")).jobs;
    const { corpus: counted } = await api<{ corpus: { passageCount: number } }>(web1, `/corpora/${corpus.id}`);

    const ran = jobs
      .filter((j) => j.startedAt !== null && j.finishedAt !== null)
      .sort((a, b) => a.id - b.id)
      .map((j) => ({
        id: j.id,
        type: j.type,
        waitMs: j.startedAt! - j.createdAt,
        runMs: j.finishedAt! - j.startedAt!,
        worker: ranBy(workers, j),
        finishedAt: j.finishedAt!,
        startedAt: j.startedAt!,
      }));
    const runOf = (type: string) => ran.filter((j) => j.type === type).reduce((a, j) => a + j.runMs, 0);
    const index = ran.find((j) => j.type === "index");
    if (!index) throw new Error(`no index job finished: ${JSON.stringify(jobs)}`);
    // The job's message moved past "embedding passages" between two polls: at most 250 ms late.
    const split = Math.min(Math.max(embedEnd ?? index.finishedAt, index.startedAt), index.finishedAt);
    const stages = {
      ingest: runOf("ingest"),
      model: runOf("prepare-model"),
      embed: split - index.startedAt,
      index: index.finishedAt - split,
    };
    const searchableMs = searchableAt - accepted;

    // Every query the load sends once, sequentially, to each web process: warm-up (not counted),
    // and a check that hybrid search answers too.
    const bodies = o.corpus.queries.map((q) =>
      JSON.stringify({ query: q, mode: "dense", corpusId: corpus.id, k: o.k }),
    );
    for (const w of webs) {
      for (const q of o.corpus.queries.slice(0, 20))
        if (!(await answersDense(w.baseUrl, q, corpus.id, o.k))) throw new Error(`no dense answer to "${q}"`);
      const hybrid = await api<{ mode: string; results: unknown[] }>(
        w.baseUrl,
        "/search",
        postJson({ query, mode: "hybrid", corpusId: corpus.id, k: o.k }),
      );
      if (hybrid.mode !== "hybrid" || hybrid.results.length === 0)
        throw new Error(`hybrid search did not answer: ${JSON.stringify(hybrid).slice(0, 300)}`);
    }
    o.log(`${config.name}: searchable after ${(searchableMs / 1000).toFixed(1)} s; search load ${o.seconds} s`);
    const split1 = Math.ceil(o.connections / 2);
    const perWeb = await Promise.all(
      webs.map((w, i) =>
        loadTest(w.baseUrl, i === 0 ? bodies : [...bodies.slice(bodies.length / 2), ...bodies], {
          connections: i === 0 ? split1 : o.connections - split1,
          seconds: o.seconds,
          k: o.k,
        }),
      ),
    );
    const latencies = perWeb.flatMap((r) => r.latenciesMs);
    const stageSum = stages.ingest + stages.model + stages.embed + stages.index;
    return {
      config,
      passages: counted.passageCount,
      uploadMs: accepted - sent,
      searchableMs,
      searchableMsPerWeb: (searchable as number[]).map((t) => t - accepted),
      stages,
      otherMs: searchableMs - stageSum,
      jobs: ran.map(({ id, type, waitMs, runMs, worker }) => ({ id, type, waitMs, runMs, worker })),
      search: {
        requests: latencies.length,
        qps: perWeb.reduce((a, r) => a + r.qps, 0),
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        perWeb,
      },
      load: { before: loadBefore, after: os.loadavg()[0] },
    };
  } finally {
    await Promise.all([...workers.map((w) => w.stop()), ...webs.map((w) => w.stop())]);
    if (dbUrl) await dropPostgresDatabase(dbUrl).catch((err) => o.log(`dropping ${dbUrl}: ${err}`));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
