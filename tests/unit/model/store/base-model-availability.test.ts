import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseModelAvailability } from "@/lib/model/store/base-model-availability";
import { ensureModel } from "@/lib/model/store/model-store";
import { initialTrainForm } from "@/components/training/train-request";
import { startHubServer, type HubServer } from "@/tests/fixtures/hub-server";
import { writeTinyModel } from "@/tests/fixtures/tiny-model";

const REPO = "acme/tiny-bert";
/** Nothing listens on port 1: the connection is refused at once, as offline. */
const OFFLINE = "http://127.0.0.1:1";
let root: string;
let source: string;
let server: HubServer;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), "cognate-availability-"));
  source = path.join(root, "source");
  writeTinyModel(source);
  server = await startHubServer({ [REPO]: source });
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

const options = (endpoint: string, storeDir = path.join(root, "empty-store")) => ({
  storeDir,
  endpoint,
  timeoutMs: 300,
  cacheMs: 0,
});

describe("which base model the training form offers first", () => {
  it("the configured hub model when the hub answers", async () => {
    const a = await baseModelAvailability(`hub:${REPO}`, options(server.endpoint));
    expect(a).toMatchObject({ choice: "default" });
    expect(a.reason).toMatch(/downloaded from the model hub/);
  });

  it("scratch, saying why, when the hub cannot be reached or does not answer in time, and the model is not stored", async () => {
    const refused = await baseModelAvailability(`hub:${REPO}`, options(OFFLINE));
    expect(refused.choice).toBe("scratch");
    expect(refused.reason).toMatch(
      /did not answer within 0.3 s and acme\/tiny-bert is not in the model store, so training starts from scratch/,
    );
    server.hooks.hang = true;
    try {
      const started = Date.now();
      expect((await baseModelAvailability(`hub:${REPO}`, options(server.endpoint))).choice).toBe("scratch");
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      server.hooks.hang = false;
    }
    expect(initialTrainForm(refused).base).toBe("scratch");
    expect(initialTrainForm().base).toBe("default");
  });

  it("the configured hub model when it is already in the model store, even offline", async () => {
    const store = path.join(root, "store");
    await ensureModel(`hub:${REPO}`, { storeDir: store, endpoint: server.endpoint });
    const a = await baseModelAvailability(`hub:${REPO}`, options(OFFLINE, store));
    expect(a).toEqual({ choice: "default", reason: `${REPO} is already in the model store.` });
  });

  it("a local folder when it is there, scratch when it is not (naming the folder, not its path); scratch as configured", async () => {
    expect((await baseModelAvailability(`dir:${source}`, options(OFFLINE))).choice).toBe("default");
    const missing = await baseModelAvailability(`dir:${path.join(root, "gone", "my-model")}`, options(OFFLINE));
    expect(missing.choice).toBe("scratch");
    expect(missing.reason).toContain('"my-model"');
    expect(missing.reason).not.toContain(root);
    expect((await baseModelAvailability("scratch", options(OFFLINE))).choice).toBe("default");
    expect((await baseModelAvailability("nonsense:", options(OFFLINE))).choice).toBe("scratch");
  });
});
