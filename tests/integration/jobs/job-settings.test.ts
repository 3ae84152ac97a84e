import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readConfig } from "@/lib/config";
import { createCorpus } from "@/lib/db/queries/corpora";
import { getJob, insertJob } from "@/lib/db/queries/jobs";
import { createModelVersion, getModelVersion } from "@/lib/db/queries/model-versions";
import { trainHandler } from "@/lib/jobs/handlers/train-handler";
import type { HandlerRegistry, JobSettings } from "@/lib/jobs/job-handler";
import { runWorkerLoop } from "@/lib/jobs/worker-loop";
import { tempDatabase } from "@/tests/helpers/temp-db";

let t: ReturnType<typeof tempDatabase>;
beforeEach(() => (t = tempDatabase()));
afterEach(() => t.cleanup());

// Settings as a worker reads them at its start, for a data folder the process's environment does not name.
const settingsFor = (dir: string): JobSettings => readConfig({ NODE_ENV: "test", COGNATE_DATA_DIR: dir });

describe("a job's settings", () => {
  it("are the ones the worker was started with, handed to each job through its context", async () => {
    const settings = settingsFor(path.join(t.dir, "elsewhere"));
    const seen: JobSettings[] = [];
    const handlers: HandlerRegistry = {
      probe: { parsePayload: (raw) => raw, run: async (ctx) => void seen.push(ctx.settings) },
    };
    const job = await insertJob(t.db, { type: "probe", payload: {}, title: "probe" });
    await runWorkerLoop(t.db, {
      handlers,
      leaseMs: 5000,
      pollMs: 10,
      signal: new AbortController().signal,
      untilIdle: true,
      settings,
    });
    expect((await getJob(t.db, job.id))!.status).toBe("succeeded");
    expect(seen).toEqual([settings]);
    expect(seen[0]).toBe(settings);
  });

  it("reach a handler's cleanup: a cancelled training run loses its model folder under the given model store", async () => {
    const settings = settingsFor(path.join(t.dir, "elsewhere"));
    const corpus = await createCorpus(t.db, { name: "c" });
    const version = await createModelVersion(t.db, {
      corpusId: corpus.id,
      name: "v",
      source: "scratch",
      baseModel: "scratch",
      status: "training",
    });
    const modelFolder = path.join(settings.modelDir, "trained", `version-${version.id}`, "model");
    fs.mkdirSync(modelFolder, { recursive: true });
    const payload = trainHandler.parsePayload({ corpusId: corpus.id, modelVersionId: version.id });
    await trainHandler.cleanup!(t.db, payload, "cancelled", settings);
    expect(fs.existsSync(modelFolder)).toBe(false);
    expect(fs.existsSync(path.dirname(modelFolder))).toBe(true);
    expect((await getModelVersion(t.db, version.id))!.status).toBe("cancelled");
  });
});
