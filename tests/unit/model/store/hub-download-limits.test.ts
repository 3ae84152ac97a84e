import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ensureModel } from "@/lib/model/store/model-store";
import { hubRedirectHosts } from "@/lib/model/store/hub-download";
import { isStale, parseLockOwner, selfOwner } from "@/lib/model/store/download-lock";
import { startHubServer, type HubServer } from "@/tests/fixtures/hub-server";
import { writeTinyModel } from "@/tests/fixtures/tiny-model";

const REPO = "acme/tiny-bert";
let root: string;
let source: string;
let server: HubServer;
let store: string;
let n = 0;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), "cognate-hub-limits-"));
  source = path.join(root, "source");
  writeTinyModel(source);
  server = await startHubServer({ [REPO]: source });
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});
afterEach(() => {
  server.hooks = {};
  server.requests.length = 0;
});
const freshStore = () => (store = path.join(root, `store-${++n}`));
const options = (extra: object = {}) => ({ storeDir: store, endpoint: server.endpoint, timeoutMs: 2000, ...extra });
const weightsBytes = () => statSync(path.join(source, "model.safetensors")).size;
const partials = () => {
  const base = path.join(store, "hub", "acme--tiny-bert");
  return existsSync(base) ? readdirSync(base).filter((f) => f.startsWith(".partial")) : [];
};

describe("hub download redirects", () => {
  it("follow the endpoint's own host and the Hub's CDN hosts only", () => {
    expect(hubRedirectHosts("https://huggingface.co")).toEqual(["huggingface.co", ".huggingface.co", ".hf.co"]);
    expect(hubRedirectHosts("https://hf-mirror.example", [".cdn.mirror.example"])).toEqual([
      "hf-mirror.example",
      ".cdn.mirror.example",
    ]);
  });

  it("refuse a redirect to another host, and follow it once the host is listed", async () => {
    freshStore();
    const port = new URL(server.endpoint).port;
    server.hooks = { lfsRedirect: true, redirectOrigin: `http://localhost:${port}` };
    await expect(ensureModel(`hub:${REPO}`, options())).rejects.toThrow(
      /redirected a download of acme\/tiny-bert to http:\/\/localhost:\d+, which is not the endpoint nor a known hub CDN: .*COGNATE_HUB_REDIRECT_HOSTS/,
    );
    expect(server.requests.some((r) => r.url.startsWith("/cdn/"))).toBe(false);
    const dir = await ensureModel(`hub:${REPO}`, options({ redirectHosts: ["localhost"] }));
    expect(existsSync(path.join(dir, "model.safetensors"))).toBe(true);
  });
});

describe("hub download size cap", () => {
  it("refuses a model whose files add up to more than maxBytes, from the headers, before writing them", async () => {
    freshStore();
    await expect(ensureModel(`hub:${REPO}`, options({ maxBytes: Math.floor(weightsBytes() / 2) }))).rejects.toThrow(
      /model acme\/tiny-bert is larger than \d+ MB \(reached at model.safetensors\): raise COGNATE_MAX_MODEL_MB/,
    );
    const partDir = path.join(store, "hub", "acme--tiny-bert", partials()[0] ?? "none");
    expect(existsSync(path.join(partDir, "model.safetensors.part"))).toBe(false);
  });

  it("stops a download without Content-Length as soon as it passes the cap", async () => {
    freshStore();
    server.hooks = { noContentLength: true };
    await expect(ensureModel(`hub:${REPO}`, options({ maxBytes: Math.floor(weightsBytes() / 2) }))).rejects.toThrow(
      /larger than/,
    );
    const partDir = path.join(store, "hub", "acme--tiny-bert", partials()[0] ?? "none");
    expect(existsSync(path.join(partDir, "model.safetensors.part"))).toBe(false);
    // Within the cap it downloads.
    freshStore();
    server.hooks = { noContentLength: true };
    await expect(ensureModel(`hub:${REPO}`, options({ maxBytes: 10 * weightsBytes() }))).resolves.toContain(server.sha);
  });
});

describe("download lock", () => {
  const self = { pid: process.pid, host: "this-host", boot: "boot-a" };

  it("is stale when untouched too long, when its process is gone, or when it is from an earlier boot", () => {
    expect(isStale({ ...self }, 1000, 60_000, self)).toBe(false);
    expect(isStale({ ...self }, 61_000, 60_000, self)).toBe(true);
    expect(isStale({ ...self, pid: 2 ** 22 + 7 }, 1000, 60_000, self)).toBe(true);
    // A restarted container: same host name, a PID that exists again, another boot.
    expect(isStale({ ...self, boot: "boot-b" }, 1000, 60_000, self)).toBe(true);
    // Another machine on shared storage: only time tells.
    expect(isStale({ pid: 2 ** 22 + 7, host: "other-host", boot: "x" }, 1000, 60_000, self)).toBe(false);
    expect(isStale({ pid: 2 ** 22 + 7, host: "other-host", boot: "x" }, 61_000, 60_000, self)).toBe(true);
    expect(parseLockOwner("1234")).toEqual({ pid: 1234 });
    expect(parseLockOwner(JSON.stringify(selfOwner()))).toMatchObject({ pid: process.pid });
  });

  it("is taken over once its mtime is old, even when its PID is alive", async () => {
    freshStore();
    const base = path.join(store, "hub", "acme--tiny-bert");
    mkdirSync(base, { recursive: true });
    const lock = path.join(base, `.partial-${server.sha}.lock`);
    // PID 1 is alive (init), as a reused PID would be after a container restart.
    writeFileSync(lock, JSON.stringify({ pid: 1, host: "another-host", boot: "x" }));
    const old = new Date(Date.now() - 10 * 60_000);
    utimesSync(lock, old, old);
    const dir = await ensureModel(`hub:${REPO}`, options({ lockStaleMs: 60_000 }));
    expect(existsSync(path.join(dir, "config.json"))).toBe(true);
    expect(existsSync(lock)).toBe(false);
  });
});
