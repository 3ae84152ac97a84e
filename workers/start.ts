/**
 * `npm start`: builds the web app when the build is missing or older than the sources, applies
 * migrations (and queues the sample corpus into an empty database), then runs the web server and two workers (one for training, one for the rest) together.
 * `--no-workers` (`npm run web`) runs the web server alone.
 * The web server is workers/web-server.ts (Next.js, with the search and similarity API on a lean
 * path; `COGNATE_LEAN_API=0` sends those through Next.js too), or `next dev` with `--dev`.
 * Ctrl-C stops them all cleanly. A worker that dies (a job ran it out of memory, a native
 * crash, `kill -9`) is started again with backoff while the web server keeps serving; if the web
 * server itself exits, the workers are stopped too.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { config } from "@/lib/config";
import { closeDatabase, openDatabase } from "@/lib/db/client";
import { bootstrapSampleCorpus } from "@/lib/jobs/sample-bootstrap";
import { countUsers } from "@/lib/db/queries/users";
import { ensureEnvAdmin } from "@/lib/auth/accounts";
import { superviseWorker } from "@/lib/jobs/worker-supervisor";

const root = process.cwd();
const dev = process.argv.includes("--dev");
// `npm run web`: the web server alone, for more replicas on a shared database (workers run elsewhere).
const webOnly = process.argv.includes("--no-workers");
const port = process.env.PORT ?? "3000";
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(full));
    else newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function buildIsStale(): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  const sources = ["app", "components", "lib"]
    .filter((d) => fs.existsSync(d))
    .map((d) => newestSourceMtime(path.join(root, d)));
  return Math.max(...sources, fs.statSync("package.json").mtimeMs) > built;
}

async function main() {
  const cfg = config();
  // Migrate, and on an empty database queue the sample corpus before anyone can reach the app.
  const db = openDatabase(cfg.dbPath);
  const sampleJob = cfg.loadSample ? await bootstrapSampleCorpus(db, cfg.maxPassageChars, cfg.baseModel) : null;
  if (sampleJob !== null) console.log(`[start] empty database: loading the sample corpus (job ${sampleJob})`);
  await ensureEnvAdmin(db, cfg.auth);
  const firstStart = (await countUsers(db)) === 0;
  await closeDatabase(db);
  if (!dev && buildIsStale()) {
    console.log("[start] building the web app (first start or sources changed)…");
    // A production build whatever NODE_ENV this process has (vitest sets "test"): next.config.ts
    // writes the development CSP (eval, websockets) into the build otherwise.
    const build = spawnSync(bin("next"), ["build"], {
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production" },
    });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  // The preload makes the last X-Forwarded-For entry the socket's address (see the file).
  const preload = `--import=${pathToFileURL(path.join(root, "workers", "forwarded-for-preload.mjs")).href}`;
  // server-only-preload: the web server loads lib/ natively too (see the file).
  const serverOnly = `--import=${pathToFileURL(path.join(root, "workers", "server-only-preload.mjs")).href}`;
  const webEnv = {
    ...process.env,
    NODE_OPTIONS: [process.env.NODE_OPTIONS, preload, serverOnly].filter(Boolean).join(" "),
  };
  // Production: Next.js behind the lean path for the search and similarity API (workers/web-server.ts).
  const web = dev
    ? spawn(bin("next"), ["dev", "-p", port], { stdio: "inherit", env: webEnv })
    : spawn(process.execPath, ["--import", "tsx", path.join("workers", "web-server.ts"), "--port", port], {
        stdio: "inherit",
        env: { ...webEnv, NODE_ENV: "production" },
      });
  // node with tsx's loader rather than the tsx CLI: the CLI runs the worker in a grandchild that
  // a `kill -9` of the CLI would leave running beside the replacement.
  const worker = (name: string, args: string[]) =>
    superviseWorker({
      name,
      spawn: () =>
        spawn(
          process.execPath,
          // react-server: lib/db and lib/jobs `import "server-only"`, as under npm run worker.
          ["--conditions=react-server", "--import", "tsx", path.join("workers", "worker.ts"), ...args],
          { stdio: "inherit" },
        ),
      log: (line) => console.log(`[start] ${line}`),
    });
  // Training runs for minutes to hours: it gets a worker of its own so uploads keep flowing.
  const workers = webOnly
    ? []
    : [worker("worker (all but train)", ["--except", "train"]), worker("worker (train)", ["--only", "train"])];
  console.log(`[start] Cognate on http://localhost:${port} (data in ${cfg.dataDir})`);
  if (firstStart)
    console.log(
      `[start] no account yet: open http://localhost:${port}/setup to create the admin (or set COGNATE_ADMIN_EMAIL and COGNATE_ADMIN_PASSWORD)`,
    );
  let stopping = false;
  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    const webExited = web.exitCode !== null || web.signalCode !== null ? null : new Promise((r) => web.once("exit", r));
    if (webExited) web.kill("SIGTERM");
    const force = setTimeout(() => web.exitCode === null && web.kill("SIGKILL"), 10_000);
    force.unref();
    void Promise.all([webExited, ...workers.map((w) => w.stop())]).then(
      () => process.exit(code),
      (err: unknown) => {
        console.error(`[start] ${err instanceof Error ? err.message : err}`);
        process.exit(1);
      },
    );
  };
  web.on("exit", (code, signal) => {
    if (!stopping)
      console.log(
        `[start] the web server ${signal ? `was killed by ${signal}` : `exited with code ${code}`}; stopping the workers`,
      );
    stopAll(code ?? 1);
  });
  process.on("SIGINT", () => stopAll(0));
  process.on("SIGTERM", () => stopAll(0));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
