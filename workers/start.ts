/**
 * `npm start`: builds the web app when the build is missing or older than the sources, applies
 * migrations (and queues the sample corpus into an empty database), then runs the web server and two workers (one for training, one for the rest) together.
 * Ctrl-C stops them all cleanly; if one dies, the others are stopped too.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { config } from "@/lib/config";
import { openDatabase } from "@/lib/db/client";
import { bootstrapSampleCorpus } from "@/lib/jobs/sample-bootstrap";
import { countUsers } from "@/lib/db/queries/users";
import { ensureEnvAdmin } from "@/lib/auth/accounts";

const root = process.cwd();
const dev = process.argv.includes("--dev");
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
  const sources = ["app", "components", "lib"].filter((d) => fs.existsSync(d)).map((d) => newestSourceMtime(path.join(root, d)));
  return Math.max(...sources, fs.statSync("package.json").mtimeMs) > built;
}

async function main() {
  const cfg = config();
  // Migrate, and on an empty database queue the sample corpus before anyone can reach the app.
  const db = openDatabase(cfg.dbPath);
  const sampleJob = cfg.loadSample ? bootstrapSampleCorpus(db, cfg.maxPassageChars, cfg.baseModel) : null;
  if (sampleJob !== null) console.log(`[start] empty database: loading the sample corpus (job ${sampleJob})`);
  await ensureEnvAdmin(db, cfg.auth);
  const firstStart = countUsers(db) === 0;
  db.$client.close();
  if (!dev && buildIsStale()) {
    console.log("[start] building the web app (first start or sources changed)…");
    const build = spawnSync(bin("next"), ["build"], { stdio: "inherit" });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  const children: ChildProcess[] = [
    spawn(bin("next"), [dev ? "dev" : "start", "-p", port], { stdio: "inherit" }),
    // Training runs for minutes to hours: it gets a worker of its own so uploads keep flowing.
    spawn(bin("tsx"), [path.join("workers", "worker.ts"), "--except", "train"], { stdio: "inherit" }),
    spawn(bin("tsx"), [path.join("workers", "worker.ts"), "--only", "train"], { stdio: "inherit" }),
  ];
  console.log(`[start] Cognate on http://localhost:${port} (data in ${cfg.dataDir})`);
  if (firstStart) console.log(`[start] no account yet: open http://localhost:${port}/setup to create the admin (or set COGNATE_ADMIN_EMAIL and COGNATE_ADMIN_PASSWORD)`);
  let stopping = false;
  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
    const force = setTimeout(() => children.forEach((c) => c.exitCode === null && c.kill("SIGKILL")), 10_000);
    force.unref();
    Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once("exit", r))))).then(() => process.exit(code));
  };
  for (const c of children) c.on("exit", (code) => stopAll(code ?? 0));
  process.on("SIGINT", () => stopAll(0));
  process.on("SIGTERM", () => stopAll(0));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
