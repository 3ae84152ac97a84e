import { spawn } from "node:child_process";
import path from "node:path";
import { BENCH_AUTH_ENV, freePort, groupStopper } from "@/bench/search-http/app-server";

/** The admin the load's page clients log in as (`COGNATE_ADMIN_EMAIL` / `_PASSWORD` of the stack). */
export const LOAD_ADMIN = { email: "load@bench.example", password: "load-bench-password-1" };

/** `npm start` as a user runs it: web server and supervised workers, with its log kept for reading. */
export interface AppStack {
  baseUrl: string;
  /** Lines the launcher printed (stdout and stderr), newest last. */
  lines: string[];
  /** Supervisor lines saying a worker died and is being restarted. */
  restarts(): string[];
  stop(): Promise<void>;
}

/**
 * Starts `workers/start.ts` (web server + two supervised workers) on a free loopback port with
 * `env` added and the bench's high rate limits, in its own process group, and waits until
 * `GET /api/v1/corpora` answers. The build must be current (see buildNeeded), or it builds first.
 */
export async function startStack(env: Record<string, string>, timeoutMs = 300_000): Promise<AppStack> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join("workers", "start.ts")],
    {
      env: { ...process.env, NODE_ENV: "production", ...BENCH_AUTH_ENV, ...env, PORT: String(port) },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    },
  );
  const lines: string[] = [];
  let partial = "";
  const keep = (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split("\n");
    partial = parts.pop() ?? "";
    lines.push(...parts);
    if (lines.length > 20_000) lines.splice(0, lines.length - 20_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const stack: AppStack = {
    baseUrl: `http://127.0.0.1:${port}`,
    lines,
    restarts: () => lines.filter((l) => /restarting it in .* \(restart \d+\)/.test(l)),
    // The launcher stops the web server and the workers on SIGTERM; a training step may take a while.
    stop: groupStopper(child, 15_000),
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      await stack.stop();
      throw new Error(`workers/start.ts exited with code ${child.exitCode}:\n${lines.slice(-40).join("\n")}`);
    }
    try {
      if ((await fetch(`${stack.baseUrl}/api/v1/corpora`)).status < 500) return stack;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stack.stop();
      throw new Error(`the app did not answer within ${timeoutMs / 1000} s:\n${lines.slice(-40).join("\n")}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
