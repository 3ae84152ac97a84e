/**
 * Cognate past one machine (issue 15, Tests): on a fresh PostgreSQL database, two web processes
 * (`npm run web`'s server, workers/web-server.ts) and two worker processes share one data folder;
 * each worker has a scratch folder of its own (TMPDIR). Checked through the HTTP API:
 * - a session started on one web process and an API key made there work on the other;
 * - the pipeline's jobs are spread over both workers (their job types are split, as on a GPU box
 *   and a CPU box, and both take training);
 * - a worker killed with -9 mid-training loses its job to the other one once the lease runs out,
 *   and the other resumes it from the last checkpoint in the shared folder and finishes it;
 * - after a new index generation is published (a promotion, then a re-index of the live version
 *   with a new passage), both web processes answer the same dense and hybrid searches with the new
 *   index, without a restart.
 * Needs the PostgreSQL server of `COGNATE_TEST_PG_SERVER` (default 127.0.0.1:5432, user postgres).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropPostgresDatabase } from "@/lib/db/postgres";
import { writeTinyModel } from "@/tests/fixtures/tiny-model";
import { freePort } from "@/tests/helpers/free-port";
import { waitFor } from "@/tests/helpers/wait-for";

/** The training run's steps. */
const STEPS = 60;
const ADMIN_EMAIL = "admin@multi-process.example";
const ADMIN_PASSWORD = "multi-process-admin-password";
const root = process.cwd();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A process under test, with everything it printed. */
interface Proc {
  name: string;
  child: ChildProcess;
  output: () => string;
}

const procs: Proc[] = [];
let dbUrl = "";
let dir = "";
let db: pg.Client | undefined;

function start(name: string, args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const proc = { name, child, output: () => output };
  procs.push(proc);
  return proc;
}

async function stop(proc: Proc): Promise<void> {
  const { child } = proc;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(force);
}

/** What every process gets: one database, one data folder, the tiny base model, short leases. */
function sharedEnv(model: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: dbUrl,
    COGNATE_DATA_DIR: path.join(dir, "shared"),
    COGNATE_BASE_MODEL: `dir:${model}`,
    COGNATE_SAMPLE: "0",
    COGNATE_LEASE_MS: "3000",
    COGNATE_WORKER_POLL_MS: "100",
    COGNATE_MAX_PASSAGE_CHARS: "240",
    COGNATE_THREADS: "1",
    COGNATE_ADMIN_EMAIL: ADMIN_EMAIL,
    COGNATE_ADMIN_PASSWORD: ADMIN_PASSWORD,
    COGNATE_RATE_LIMIT_IP: "100000",
    COGNATE_RATE_LIMIT_KEY: "100000",
    COGNATE_RATE_LIMIT_PAGES: "100000",
  };
  delete env.COGNATE_DB;
  delete env.COGNATE_MASTER_KEY;
  return env;
}

/** The web server as `npm run web` starts it (workers/start.ts): production, with the launcher's preloads. */
function startWeb(name: string, port: number, env: NodeJS.ProcessEnv): Proc {
  const preload = (file: string) => `--import=${pathToFileURL(path.join(root, "workers", file)).href}`;
  return start(
    name,
    ["--import", "tsx", path.join("workers", "web-server.ts"), "--port", String(port), "--hostname", "127.0.0.1"],
    {
      ...env,
      NODE_ENV: "production",
      NODE_OPTIONS: [preload("forwarded-for-preload.mjs"), preload("server-only-preload.mjs")].join(" "),
    },
  );
}

/**
 * The workers' job types: A everything but preparing models, B everything but ingest (as a GPU box
 * and a CPU box might be split), so each takes some jobs only it can run; both train and index.
 * Clustering is left out (no worker takes it): it is not what this test checks, and costs CPU.
 */
const WORKER_ARGS = { A: ["--except", "prepare-model,cluster"], B: ["--except", "ingest,cluster"] };

/** A worker as `npm run worker -- <args>` runs it, with a scratch folder of its own. */
function startWorker(name: string, args: string[], env: NodeJS.ProcessEnv): Proc {
  const tmp = path.join(dir, `${name}-tmp`);
  fs.mkdirSync(tmp, { recursive: true });
  return start(name, ["--conditions=react-server", "--import", "tsx", path.join("workers", "worker.ts"), ...args], {
    ...env,
    TMPDIR: tmp,
  });
}

/** Waits until `proc` serves a static file (API calls would need an account, or spend rate-limit tokens). */
async function waitForHttp(base: string, proc: Proc): Promise<void> {
  await waitFor(
    `${proc.name} to answer at ${base}`,
    async () => {
      if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited:\n${proc.output()}`);
      await sleep(250);
      return fetch(`${base}/icon.svg`).then(
        (r) => r.ok,
        () => false,
      );
    },
    180_000,
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n${proc.output()}`);
  });
}

/** A generated corpus: documents of five paragraphs on six themes, one passage per paragraph. */
function corpusJsonl(docs: number): string {
  const THEMES = [
    ["music", "guitar", "piano", "song", "dance", "sing"],
    ["dog", "cat", "horse", "bird", "fish", "dogs"],
    ["car", "bus", "train", "road", "bike", "drive"],
    ["market", "stock", "bank", "price", "company", "oil"],
    ["rain", "snow", "sun", "sky", "mountain", "river"],
    ["food", "cook", "eat", "drink", "table", "water"],
  ];
  const lines: string[] = [];
  for (let d = 0; d < docs; d++) {
    const w = THEMES[d % THEMES.length];
    const paragraphs = Array.from({ length: 5 }, (_, p) => {
      const a = w[(d + p) % w.length];
      const b = w[(d + 2 * p + 1) % w.length];
      return (
        `the ${a} and the ${b} in part ${p} of note ${d}, with a ${w[p % w.length]} near the ${b}. ` +
        `people say the ${a} was big and the ${w[(p + 3) % w.length]} was small on day ${d * 5 + p}.`
      );
    });
    lines.push(JSON.stringify({ title: `${w[0]} note ${d}`, text: paragraphs.join("\n\n") }));
  }
  return lines.join("\n") + "\n";
}

interface JobRow {
  id: number;
  type: string;
  status: string;
  attempts: number;
  lease_owner: string | null;
  done: string;
  total: string;
  message: string;
  error: string | null;
  checkpoint: { step?: number } | null;
  payload: { modelVersionId?: number };
}

async function jobRows(): Promise<JobRow[]> {
  return (await db!.query<JobRow>("select * from jobs order by id")).rows;
}

interface SearchAnswer {
  mode: string;
  results: { passageId: number; score: number; text: string; model?: { modelVersionId: number } }[];
}

describe("several processes on PostgreSQL", () => {
  const webs: { proc: Proc; base: string }[] = [];
  const workers = new Map<"A" | "B", Proc>();
  let model = "";

  beforeAll(async () => {
    const serverUrl = new URL(process.env.COGNATE_TEST_PG_SERVER ?? "postgres://postgres@127.0.0.1:5432/postgres");
    serverUrl.pathname = "/postgres";
    const dbName = `cognate_e2e_mp_${process.pid}_${randomBytes(4).toString("hex")}`;
    dbUrl = new URL(`/${dbName}`, serverUrl).toString();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-multi-"));
    model = writeTinyModel(path.join(dir, "models", "tiny-base"), {
      hidden: 32,
      layers: 1,
      heads: 4,
      intermediate: 64,
    }).dir;
    // No database yet: the four processes start at once, and one of them creates and migrates it.
    const env = sharedEnv(model);
    const ports = [await freePort(), await freePort()];
    for (const [i, port] of ports.entries())
      webs.push({ proc: startWeb(`web${i + 1}`, port, env), base: `http://127.0.0.1:${port}` });
    for (const name of ["A", "B"] as const) workers.set(name, startWorker(`worker-${name}`, WORKER_ARGS[name], env));
    await Promise.all(webs.map((w) => waitForHttp(w.base, w.proc)));
    for (const w of workers.values())
      await waitFor(`${w.name} to start`, () => w.output().includes("[worker] ready for"), 120_000);
    // The test reads the job table itself (lease owners, attempts, checkpoints) once it exists.
    db = await waitFor(
      "the database to be migrated",
      async () => {
        await sleep(200);
        const client = new pg.Client({ connectionString: dbUrl });
        try {
          await client.connect();
          await client.query("select 1 from jobs limit 1");
          return client;
        } catch {
          await client.end().catch(() => undefined);
          return undefined;
        }
      },
      60_000,
    );
  }, 240_000);

  afterAll(async () => {
    await db?.end();
    await Promise.all(procs.map(stop));
    if (dbUrl) await dropPostgresDatabase(dbUrl);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("spreads jobs over both workers, survives a kill -9 mid-training, and serves each new index on both web processes", async () => {
    const [web1, web2] = webs;
    const fail: (what: string) => never = (what) => {
      throw new Error(`${what}\n${procs.map((p) => `--- ${p.name}\n${p.output().slice(-4000)}`).join("\n")}`);
    };
    /** waitFor, whose failure shows the job table and what every process printed. */
    const until: typeof waitFor = (what, probe, timeoutMs) =>
      waitFor(what, probe, timeoutMs).catch(async (err: Error) => {
        const jobs = (await jobRows()).map(
          (j) =>
            `${j.id} ${j.type} ${j.status} attempt ${j.attempts} ${j.lease_owner ?? ""} ${j.message} ${j.error ?? ""}`,
        );
        return fail(`${err.message}\njobs:\n${jobs.join("\n")}`);
      });

    // 1. A session from web1 works on web2, and so does the API key it makes there.
    const login = await fetch(`${web1.base}/api/v1/auth/login`, {
      method: "POST",
      headers: { origin: web1.base, "content-type": "application/json" },
      body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
    });
    expect(login.status, await login.clone().text()).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const made = await fetch(`${web2.base}/api/v1/keys`, {
      method: "POST",
      headers: { cookie, origin: web2.base, "content-type": "application/json" },
      body: JSON.stringify({ name: "multi-process test", scopes: ["admin"] }),
    });
    expect(made.status).toBe(201);
    const { secret } = (await made.json()) as { secret: string };
    const call = async <T>(base: string, route: string, init: RequestInit = {}, status = [200]): Promise<T> => {
      const res = await fetch(`${base}/api/v1${route}`, {
        ...init,
        headers: { ...init.headers, authorization: `Bearer ${secret}` },
      });
      const text = await res.text();
      if (!status.includes(res.status)) fail(`${init.method ?? "GET"} ${base}${route}: ${res.status} ${text}`);
      return JSON.parse(text) as T;
    };
    const json = (body: unknown): RequestInit => ({
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const upload = (base: string, corpusId: number, name: string, content: string) => {
      const form = new FormData();
      form.set("file", new Blob([content], { type: "application/jsonl" }), name);
      return call<{ job: { id: number } }>(
        base,
        `/corpora/${corpusId}/documents`,
        { method: "POST", body: form },
        [202],
      );
    };

    const { corpus } = await call<{ corpus: { id: number } }>(web1.base, "/corpora", json({ name: "shared" }), [201]);
    await upload(web2.base, corpus.id, "notes.jsonl", corpusJsonl(60));

    // 2. Ingest (A only), preparing the base model (B only), then its index (either): all succeed.
    const settled = (types: string[], timeoutMs = 120_000) =>
      until(
        `${types.join(", ")} jobs to succeed`,
        async () => {
          const rows = await jobRows();
          const wanted = rows.filter((j) => types.includes(j.type));
          for (const j of wanted)
            if (j.status === "failed" || j.status === "cancelled") fail(`job ${j.id}: ${j.error}`);
          return types.every((t) => wanted.some((j) => j.type === t)) && wanted.every((j) => j.status === "succeeded")
            ? rows
            : undefined;
        },
        timeoutMs,
      );
    const firstJobs = await settled(["ingest", "prepare-model", "index"]);
    // Which workers (A, B) logged the start of a job's attempt, over every process each one ran.
    const ranBy = (job: { id: number; type: string }, attempt = 1) => [
      ...new Set(
        procs
          .filter((p) => p.name.startsWith("worker-"))
          .filter((p) => p.output().includes(`job ${job.id} (${job.type}) started, attempt ${attempt}\n`))
          .map((p) => p.name.slice("worker-".length)),
      ),
    ];
    const ingest = firstJobs.find((j) => j.type === "ingest")!;
    const prepare = firstJobs.find((j) => j.type === "prepare-model")!;
    expect(ranBy(ingest)).toEqual(["A"]);
    expect(ranBy(prepare)).toEqual(["B"]);
    for (const job of firstJobs.filter((j) => j.type === "index")) expect(ranBy(job)).toHaveLength(1);
    const { corpus: counted } = await call<{ corpus: { passageCount: number } }>(web1.base, `/corpora/${corpus.id}`);
    expect(counted.passageCount).toBeGreaterThanOrEqual(250);

    // Both web processes serve the base model's index (each loads it into its own memory).
    const query = "the dog and the horse near the river";
    const search = (base: string, mode: string, q = query) =>
      call<SearchAnswer>(base, "/search", json({ query: q, mode, corpusId: corpus.id, k: 10 }));
    const baseAnswers = await Promise.all([search(web1.base, "dense"), search(web2.base, "dense")]);
    for (const answer of baseAnswers) expect(answer.mode).toBe("dense");
    expect(baseAnswers[1].results).toEqual(baseAnswers[0].results);
    expect(baseAnswers[0].results).toHaveLength(10);

    // 3. A training run, whose worker is killed with -9 once a checkpoint is committed.
    const started = await call<{ modelVersion: { id: number }; job: { id: number } }>(
      web2.base,
      `/corpora/${corpus.id}/train`,
      // A high learning rate so that the weights move past what the int8 index can tell apart;
      // one evaluation, at the end, so that the model kept is the last one.
      json({ options: { steps: STEPS, batchSize: 8, lr: 5e-3, workers: 0, evalEvery: STEPS, checkpointEvery: 3 } }),
      [202],
    );
    const trainStartedAt = Date.now();
    const trainId = started.job.id;
    const versionId = started.modelVersion.id;
    const train = async () => (await db!.query<JobRow>("select * from jobs where id = $1", [trainId])).rows[0];
    const progressed = await until(
      "the training job to commit a checkpoint",
      async () => {
        const row = await train();
        // Killed in its first half, so that the other worker has steps left to run.
        const step = Math.max(Number(row.done), row.checkpoint?.step ?? 0);
        if ((row.status !== "queued" && row.status !== "running") || step > STEPS / 2)
          fail(`the training went past half-way (step ${step}, ${row.status}) before the kill: give it more steps`);
        return row.status === "running" && (row.checkpoint?.step ?? 0) >= 3 && row;
      },
      120_000,
    );
    expect(progressed.attempts).toBe(1);
    const ownerPid = Number(progressed.lease_owner!.split(":")[1]);
    const victimName = [...workers.entries()].find(([, w]) => w.child.pid === ownerPid)?.[0];
    if (!victimName) fail(`the training's lease owner ${progressed.lease_owner} is neither worker`);
    const survivorName = victimName === "A" ? "B" : "A";
    const victim = workers.get(victimName)!;
    const exited = new Promise((r) => victim.child.once("exit", r));
    victim.child.kill("SIGKILL");
    const killTime = Date.now();
    await exited;
    const killedAt = await train();
    const stepAtKill = killedAt.checkpoint!.step!;
    expect(Number(killedAt.done)).toBeLessThan(STEPS);

    // The other worker takes the job once the dead worker's lease has run out.
    const taken = await until(
      "the other worker to take the training job",
      async () => {
        const row = await train();
        return row.attempts === 2 && row.status === "running" && row.lease_owner && row;
      },
      60_000,
    );
    const takenTime = Date.now();
    const survivor = workers.get(survivorName)!;
    expect(Number(taken.lease_owner!.split(":")[1])).toBe(survivor.child.pid);
    // The dead worker comes back (as a supervisor would start it again): the job stays with the other.
    workers.set(victimName, startWorker(`worker-${victimName}`, WORKER_ARGS[victimName], sharedEnv(model)));
    const trained = await until(
      "the resumed training to succeed",
      async () => {
        const row = await train();
        if (row.status === "failed" || row.status === "cancelled") fail(`training ${row.status}: ${row.error}`);
        return row.status === "succeeded" && row;
      },
      180_000,
    );
    const trainedTime = Date.now();
    expect(trained.attempts).toBe(2);
    expect(ranBy({ id: trainId, type: "train" }, 1)).toEqual([victimName]);
    expect(ranBy({ id: trainId, type: "train" }, 2)).toEqual([survivorName]);
    const {
      rows: [version],
    } = await db!.query<{ status: string; metrics: { resumedFrom?: number; steps?: number } }>(
      "select status, metrics from model_versions where id = $1",
      [versionId],
    );
    // Resumed from the last checkpoint the job committed (or the next one, when the kill came between
    // writing its files and committing it), and ran the remaining steps only.
    expect(version.metrics.resumedFrom).toBeGreaterThanOrEqual(stepAtKill);
    expect(version.metrics.resumedFrom).toBeLessThanOrEqual(stepAtKill + 3);
    expect(version.metrics.steps).toBe(STEPS);

    // 4. The trained version's index is built; it serves (promoted by the held-out comparison or by hand).
    await until(
      "the trained version's index job",
      async () => {
        const rows = await jobRows();
        const index = rows.find((j) => j.type === "index" && j.payload.modelVersionId === versionId);
        if (index?.status === "failed") fail(`index job ${index.id}: ${index.error}`);
        return index?.status === "succeeded";
      },
      120_000,
    );
    const promoted = await call<{ outcome: string }>(web1.base, `/models/${versionId}/promote`, json({}));
    expect(["live", "unchanged"]).toContain(promoted.outcome);

    // Both web processes swap to the new version's index without a restart: the same answers,
    // from the trained model (other scores than the base model's).
    const sameOnBoth = async (mode: string, q: string, ready: (a: SearchAnswer) => boolean) => {
      let last: SearchAnswer[] = [];
      const brief = (a: SearchAnswer) => JSON.stringify(a.results.map((r) => [r.passageId, r.score, r.model]));
      return until(
        `both web processes to answer "${q}" (${mode}) from the new index`,
        async () => {
          await sleep(200);
          last = await Promise.all([search(web1.base, mode, q), search(web2.base, mode, q)]);
          const [a, b] = last;
          return ready(a) && ready(b) && JSON.stringify(a.results) === JSON.stringify(b.results) && a;
        },
        60_000,
      ).catch((err: Error) => fail(`${err.message}\nlast answers:\n${last.map(brief).join("\n")}`));
    };
    const baseScores = JSON.stringify(baseAnswers[0].results.map((r) => [r.passageId, r.score]));
    const trainedAnswer = await sameOnBoth(
      "dense",
      query,
      (a) =>
        a.mode === "dense" &&
        a.results.length === 10 &&
        a.results.every((r) => r.model?.modelVersionId === versionId) &&
        JSON.stringify(a.results.map((r) => [r.passageId, r.score])) !== baseScores,
    );
    expect(trainedAnswer.results).toHaveLength(10);

    // A new passage: ingested (A), then the live version re-indexed and its manifest rewritten in
    // the shared folder; each web process re-reads the manifest and swaps in the new save.
    const marker = "zebra";
    await upload(
      web1.base,
      corpus.id,
      "more.jsonl",
      JSON.stringify({ title: "late note", text: `the ${marker} ran to the old bus on the road by the river.` }) + "\n",
    );
    const lexical = await until(
      "the new passage to be ingested",
      async () => {
        await sleep(200);
        return (await search(web2.base, "lexical", marker)).results[0];
      },
      60_000,
    );
    const fresh = await sameOnBoth("dense", lexical.text, (a) =>
      a.results.some((r) => r.passageId === lexical.passageId),
    );
    expect(fresh.results[0].passageId).toBe(lexical.passageId);
    const hybrid = await Promise.all([
      search(web1.base, "hybrid", lexical.text),
      search(web2.base, "hybrid", lexical.text),
    ]);
    expect(hybrid[0].mode).toBe("hybrid");
    expect(hybrid[1].results.map((r) => r.passageId)).toEqual(hybrid[0].results.map((r) => r.passageId));
    expect(hybrid[0].results[0].passageId).toBe(lexical.passageId);

    console.log(
      `[multi-process] training: killed worker ${victimName} at checkpoint ${stepAtKill} (step ${killedAt.done}) ` +
        `${((killTime - trainStartedAt) / 1000).toFixed(1)} s after the request; worker ${survivorName} took it ` +
        `${((takenTime - killTime) / 1000).toFixed(1)} s later (lease 3 s), resumed from step ${version.metrics.resumedFrom}, ` +
        `done ${((trainedTime - takenTime) / 1000).toFixed(1)} s after that`,
    );
    // No process crashed.
    for (const p of procs) expect(p.output()).not.toMatch(/FATAL|Segmentation|Unhandled/);
    for (const w of webs) expect(w.proc.child.exitCode).toBeNull();
  }, 240_000);
});
