import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { freePort } from "@/tests/helpers/free-port";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    dataDir: string;
    adminEmail: string;
    adminPassword: string;
    masterKey: string;
  }
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with code ${child.exitCode} before serving ${url}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the app did not answer at ${url} within ${timeoutMs / 1000} s`);
}

/** The admin account and master key the app under test starts with (COGNATE_ADMIN_* and COGNATE_MASTER_KEY). */
const ADMIN_EMAIL = "admin@e2e.example";
const ADMIN_PASSWORD = "e2e-admin-password";
const MASTER_KEY = "e2e-master-key-0123456789abcdef";

/** Starts the real app (`npm start`'s launcher: build if stale, migrate, web + worker) on a free port with a fresh data folder. */
export default async function setup(project: TestProject) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-e2e-"));
  const port = await freePort();
  const child = spawn(path.join("node_modules", ".bin", "tsx"), ["--conditions=react-server", "workers/start.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      COGNATE_DATA_DIR: dataDir,
      COGNATE_WORKER_POLL_MS: "200",
      COGNATE_ADMIN_EMAIL: ADMIN_EMAIL,
      COGNATE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      COGNATE_MASTER_KEY: MASTER_KEY,
      COGNATE_RATE_LIMIT_IP: "5000",
      COGNATE_RATE_LIMIT_PAGES: "5000",
    },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHttp(`${baseUrl}/api/v1/corpora`, child, 540_000);
  project.provide("baseUrl", baseUrl);
  project.provide("dataDir", dataDir);
  project.provide("adminEmail", ADMIN_EMAIL);
  project.provide("adminPassword", ADMIN_PASSWORD);
  project.provide("masterKey", MASTER_KEY);
  return async () => {
    if (child.exitCode === null) {
      process.kill(-child.pid!, "SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
