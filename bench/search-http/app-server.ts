import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = process.cwd();
const nextBin = path.join(root, "node_modules", ".bin", "next");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Why the production build must be (re)made, or undefined when it is current (the rule of `npm start`). */
export function buildNeeded(): string | undefined {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return ".next/BUILD_ID is missing";
  const built = fs.statSync(buildId).mtimeMs;
  const sources = ["app", "components", "lib"]
    .filter((d) => fs.existsSync(path.join(root, d)))
    .map((d) => newestMtime(path.join(root, d)));
  if (Math.max(...sources, fs.statSync(path.join(root, "package.json")).mtimeMs) > built)
    return "sources are newer than .next/BUILD_ID";
  return undefined;
}

/** Runs `next build`, its output on stderr; throws when it fails. */
export function buildApp(): void {
  const build = spawnSync(nextBin, ["build"], {
    stdio: ["ignore", process.stderr, process.stderr],
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (build.status !== 0)
    throw new Error(`next build failed (exit ${build.status}); fix the build, then rerun the benchmark`);
}

/** A port nothing listens on right now, on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** A production web server (`next start` or workers/web-server.ts) in its own process group. */
export interface AppServer {
  baseUrl: string;
  /** The server's process id, also its process group's. */
  pid: number;
  /** Stops the whole process group: SIGTERM, then SIGKILL after 5 s. */
  stop(): Promise<void>;
}

/** The admin key the benchmark's server is started with (`COGNATE_MASTER_KEY`), sent by every request. */
export const BENCH_KEY = "cognate-bench-master-key-0123456789";

/**
 * Limits far above what the load can send: the benchmarks measure serving, not the rate limiters'
 * 429s (API per address and per key, server-rendered pages per address, logins).
 */
export const BENCH_AUTH_ENV = {
  COGNATE_MASTER_KEY: BENCH_KEY,
  COGNATE_RATE_LIMIT_IP: "100000000",
  COGNATE_RATE_LIMIT_KEY: "100000000",
  COGNATE_RATE_LIMIT_PAGES: "100000000",
  COGNATE_RATE_LIMIT_LOGIN: "100000000",
};

/**
 * Starts `next start` on a free loopback port with `env` added, and waits until
 * `GET /api/v1/corpora` answers. Its output is kept and shown if it fails to start.
 */
export async function startApp(env: Record<string, string>, timeoutMs = 60_000): Promise<AppServer> {
  const port = await freePort();
  return launch(nextBin, ["start", "-p", String(port), "-H", "127.0.0.1"], port, env, timeoutMs);
}

/**
 * Starts `npm start`'s web server (workers/web-server.ts: Next.js behind the lean API path, or
 * with `lean: false` every request through Next.js) on a free loopback port, like {@link startApp}.
 */
export async function startWebServer(
  env: Record<string, string>,
  options: { lean: boolean },
  timeoutMs = 60_000,
): Promise<AppServer> {
  const port = await freePort();
  const args = ["--import", "tsx", path.join(root, "workers", "web-server.ts"), "--port", String(port)];
  // As workers/start.ts runs it: the peer address appended to X-Forwarded-For, server-only resolvable.
  const preloads = ["forwarded-for-preload.mjs", "server-only-preload.mjs"].map(
    (file) => `--import=${pathToFileURL(path.join(root, "workers", file)).href}`,
  );
  return launch(
    process.execPath,
    [...args, "--hostname", "127.0.0.1"],
    port,
    {
      ...env,
      COGNATE_LEAN_API: options.lean ? "1" : "0",
      NODE_OPTIONS: [process.env.NODE_OPTIONS, ...preloads].filter(Boolean).join(" "),
    },
    timeoutMs,
  );
}

async function launch(
  command: string,
  args: string[],
  port: number,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<AppServer> {
  const child = spawn(command, args, {
    env: { ...process.env, NODE_ENV: "production", ...BENCH_AUTH_ENV, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const server: AppServer = { baseUrl: `http://127.0.0.1:${port}`, pid: child.pid!, stop: groupStopper(child, 5000) };
  try {
    await waitForHttp(`${server.baseUrl}/api/v1/corpora`, child, timeoutMs);
  } catch (err) {
    await server.stop();
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n--- server output ---\n${output}`, {
      cause: err,
    });
  }
  return server;
}

let clockTicks: number | undefined;

/**
 * CPU time used so far by the processes of group `pgid` (a server started with `detached: true`
 * and whatever it forked), all their threads, user and system, in ms: from `/proc/PID/stat`, in
 * clock ticks of usually 10 ms. Null where there is no `/proc`.
 */
export function groupCpuMs(pgid: number): number | null {
  let pids: string[];
  try {
    pids = fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  clockTicks ??= Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout) || 100;
  let ticks = 0;
  for (const pid of pids) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    // After the command's ")" come fields 3 on: the group is field 5, utime and stime 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / clockTicks;
}

/**
 * How to stop `child`'s process group (started with `detached: true`): SIGTERM, then SIGKILL
 * after `graceMs`. Until then, the group is killed if this process exits without stopping it.
 */
export function groupStopper(child: ChildProcess, graceMs: number): () => Promise<void> {
  const killOnExit = () => signalGroup(child, "SIGKILL");
  process.once("exit", killOnExit);
  return async () => {
    process.off("exit", killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    signalGroup(child, "SIGTERM");
    const force = setTimeout(() => signalGroup(child, "SIGKILL"), graceMs);
    await exited;
    clearTimeout(force);
  };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Already gone.
  }
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} before serving ${url}`);
    try {
      // With the bench key: an anonymous GET /api/v1/corpora answers 401 while no corpus exists.
      if ((await fetch(url, { headers: { authorization: `Bearer ${BENCH_KEY}` } })).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not answer at ${url} within ${timeoutMs / 1000} s`);
}
