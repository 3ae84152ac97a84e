import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadModelFolder } from "@/lib/model/store/model-folder";
import { ensureModel, parseModelSpec, DEFAULT_HUB_MODEL, type DownloadProgress } from "@/lib/model/store/model-store";
import { startHubServer, type HubServer } from "@/tests/fixtures/hub-server";
import { writeTinyModel } from "@/tests/fixtures/tiny-model";

const REPO = "acme/tiny-bert";
let root: string;
let source: string;
let server: HubServer;
let store: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), "cognate-store-"));
  source = path.join(root, "source");
  writeTinyModel(source);
  const robertaDir = path.join(root, "roberta");
  writeTinyModel(robertaDir);
  const cfg = JSON.parse(readFileSync(path.join(robertaDir, "config.json"), "utf8"));
  writeFileSync(path.join(robertaDir, "config.json"), JSON.stringify({ ...cfg, model_type: "roberta" }));
  server = await startHubServer({ [REPO]: source, "acme/roberta": robertaDir });
});

afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

let n = 0;
afterEach(() => {
  server.hooks = {};
  server.requests.length = 0;
});
const freshStore = () => (store = path.join(root, `store-${++n}`));
const options = (extra: object = {}) => ({ storeDir: store, endpoint: server.endpoint, timeoutMs: 2000, ...extra });
const modelRequests = () => server.requests.filter((r) => r.url.endsWith("/model.safetensors"));

describe("parseModelSpec", () => {
  it("reads hub, dir and scratch specs", () => {
    expect(parseModelSpec("hub:")).toEqual({ kind: "hub", repo: DEFAULT_HUB_MODEL, revision: "main" });
    expect(parseModelSpec("hub:acme/x@v1.0")).toEqual({ kind: "hub", repo: "acme/x", revision: "v1.0" });
    expect(parseModelSpec("acme/x")).toEqual({ kind: "hub", repo: "acme/x", revision: "main" });
    expect(parseModelSpec("dir:/models/m")).toEqual({ kind: "dir", path: "/models/m" });
    expect(parseModelSpec("scratch")).toEqual({ kind: "scratch" });
    expect(() => parseModelSpec("ftp:x")).toThrow(/hub:ID\[@revision\], dir:PATH or scratch/);
    expect(() => parseModelSpec("hub:../etc")).toThrow(/not a model id/);
  });
});

describe("hub download", () => {
  it("downloads every file once, with progress, and reuses the folder without requests", async () => {
    freshStore();
    server.hooks.lfsRedirect = true;
    const progress: DownloadProgress[] = [];
    const dir = await ensureModel(`hub:${REPO}`, options({ onProgress: (p: DownloadProgress) => progress.push(p) }));
    expect(dir).toBe(path.join(store, "hub", "acme--tiny-bert", server.sha));
    for (const f of [
      "config.json",
      "model.safetensors",
      "vocab.txt",
      "tokenizer.json",
      "modules.json",
      "1_Pooling/config.json",
    ]) {
      expect(readFileSync(path.join(dir, f)).equals(readFileSync(path.join(source, f)))).toBe(true);
    }
    expect(loadModelFolder(dir).pooling).toEqual({ mode: "mean", normalize: true });
    const last = progress.filter((p) => p.file === "model.safetensors").at(-1)!;
    expect(last.bytes).toBe(last.totalBytes);
    expect(readdirSync(path.dirname(dir)).filter((f) => f.startsWith(".partial"))).toEqual([]);

    server.requests.length = 0;
    expect(await ensureModel(`hub:${REPO}`, options())).toBe(dir);
    expect(await ensureModel(`hub:${REPO}@${server.sha}`, options())).toBe(dir);
    expect(server.requests).toEqual([]);
  });

  it("resumes an interrupted download with a Range request and verifies it", async () => {
    freshStore();
    server.hooks.failMidway = { file: "model.safetensors", afterBytes: 20_000, times: 1 };
    await expect(ensureModel(`hub:${REPO}`, options())).rejects.toThrow(
      /model\.safetensors was interrupted.*run again to resume/,
    );
    const partial = path.join(store, "hub", "acme--tiny-bert", `.partial-${server.sha}`, "model.safetensors.part");
    expect(readFileSync(partial).length).toBe(20_000);
    server.requests.length = 0;
    const dir = await ensureModel(`hub:${REPO}`, options());
    expect(modelRequests().map((r) => r.range)).toEqual(["bytes=20000-"]);
    expect(
      readFileSync(path.join(dir, "model.safetensors")).equals(readFileSync(path.join(source, "model.safetensors"))),
    ).toBe(true);
    // Files finished on the first try are not fetched again.
    expect(server.requests.some((r) => r.url.endsWith("/config.json"))).toBe(false);
  });

  it.each([false, true])(
    "rejects a download whose sha256 does not match and keeps no folder (Hub redirect: %s)",
    async (lfsRedirect) => {
      freshStore();
      server.hooks = { corrupt: "model.safetensors", lfsRedirect };
      await expect(ensureModel(`hub:${REPO}`, options())).rejects.toThrow(/model\.safetensors is corrupt \(sha256/);
      const base = path.join(store, "hub", "acme--tiny-bert");
      expect(existsSync(path.join(base, server.sha))).toBe(false);
      expect(existsSync(path.join(base, `.partial-${server.sha}`, "model.safetensors.part"))).toBe(false);
    },
  );

  it("lets concurrent callers share one download", async () => {
    freshStore();
    const [a, b] = await Promise.all([ensureModel(`hub:${REPO}`, options()), ensureModel(`hub:${REPO}`, options())]);
    expect(a).toBe(b);
    expect(modelRequests()).toHaveLength(1);
  });

  it("treats the revision as pinned when the mirror has no revision API", async () => {
    freshStore();
    server.hooks.noRevisionApi = true;
    const dir = await ensureModel(`hub:${REPO}@main`, options());
    expect(path.basename(dir)).toBe("main");
    expect(existsSync(path.join(dir, "model.safetensors"))).toBe(true);
  });

  it("says that an unknown model id is not found", async () => {
    freshStore();
    await expect(ensureModel("hub:nobody/nothing", options())).rejects.toThrow(
      `model nobody/nothing not found at ${server.endpoint}: check the id`,
    );
  });

  it("refuses a non-BERT model before fetching its weights", async () => {
    freshStore();
    await expect(ensureModel("hub:acme/roberta", options())).rejects.toThrow(
      /Cognate runs BERT-family encoders; got roberta/,
    );
    expect(modelRequests()).toEqual([]);
  });

  it("fails fast with what to do when the endpoint is unreachable or silent", async () => {
    freshStore();
    const message =
      /cannot reach http:\/\/127\.0\.0\.1:1 .*set HF_ENDPOINT to a mirror, or copy the model folder in and use dir:PATH, or use scratch/;
    await expect(ensureModel(`hub:${REPO}`, { storeDir: store, endpoint: "http://127.0.0.1:1" })).rejects.toThrow(
      message,
    );
    server.hooks.hang = true;
    const started = Date.now();
    await expect(ensureModel(`hub:${REPO}`, options({ timeoutMs: 300 }))).rejects.toThrow(
      /cannot reach .*set HF_ENDPOINT/,
    );
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe("dir and scratch specs", () => {
  it("returns a dir: folder as it is and explains a missing one", async () => {
    expect(await ensureModel(`dir:${source}`, { storeDir: root })).toBe(source);
    await expect(ensureModel(`dir:${root}/missing`, { storeDir: root })).rejects.toThrow(
      /does not exist: copy the model folder there, or use hub:ID or scratch/,
    );
    await expect(ensureModel("scratch", { storeDir: root })).rejects.toThrow(/createScratchModel/);
  });
});
