import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminRequest, TEST_MASTER_KEY } from "@/tests/helpers/api-auth";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-train-api-"));
process.env.COGNATE_DATA_DIR = dataDir;
process.env.COGNATE_MASTER_KEY = TEST_MASTER_KEY;

const corporaRoute = await import("@/app/api/v1/corpora/route");
const trainRoute = await import("@/app/api/v1/corpora/[id]/train/route");
const trainingRoute = await import("@/app/api/v1/models/[id]/training/route");
const cancelRoute = await import("@/app/api/v1/jobs/[id]/cancel/route");
const resumeRoute = await import("@/app/api/v1/jobs/[id]/resume/route");
const { appServices } = await import("@/lib/app-services");
const { insertDocuments } = await import("@/lib/db/queries/documents");
const { getModelVersion } = await import("@/lib/db/queries/model-versions");
const { trainingPointStats } = await import("@/lib/db/queries/training-points");
const { corpusPairShape } = await import("@/lib/db/queries/training-data");
const { jobHandlers } = await import("@/lib/jobs/handlers");
const { runWorkerLoop } = await import("@/lib/jobs/worker-loop");
const { passageHash } = await import("@/lib/ingest/passages/passage-hash");
const { writeTinyModel } = await import("@/tests/fixtures/tiny-model");
const { syntheticPairs } = await import("@/tests/unit/train/trainer/synthetic-task");

const url = "http://localhost/api/v1";
const params = (id: number | string) => ({ params: Promise.resolve({ id: String(id) }) });
const train = (id: number | string, body: unknown) =>
  trainRoute.POST(
    adminRequest(`${url}/corpora/${id}/train`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
    params(id),
  );
const history = async (id: number, query = "") =>
  (await trainingRoute.GET(adminRequest(`${url}/models/${id}/training${query}`), params(id))).json();
const drain = (leaseMs = 5000) =>
  runWorkerLoop(appServices().db, {
    handlers: { train: jobHandlers.train },
    leaseMs,
    pollMs: 10,
    signal: new AbortController().signal,
    untilIdle: true,
  });

const base = path.join(dataDir, "tiny-base");
let corpusId: number;
let emptyId: number;

async function createCorpus(name: string): Promise<number> {
  const res = await corporaRoute.POST(
    adminRequest(`${url}/corpora`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name }),
    }),
  );
  return (await res.json()).corpus.id;
}

beforeAll(async () => {
  writeTinyModel(base, { hidden: 32, layers: 2, heads: 4, intermediate: 64 });
  corpusId = await createCorpus("training");
  emptyId = await createCorpus("empty");
  const pairs = syntheticPairs(60, 4);
  const docs = Array.from({ length: 30 }, (_, i) => {
    const passages = [pairs[2 * i].anchor, pairs[2 * i + 1].positive].map((text, ordinal) => ({
      ordinal,
      text,
      start: 0,
      end: text.length,
      hash: passageHash(text),
    }));
    return {
      title: `story ${pairs[2 * i].positive}`,
      text: passages.map((p) => p.text).join("\n\n"),
      metadata: {},
      passages,
    };
  });
  await insertDocuments(appServices().db, { corpusId, uploadId: null, firstOrdinal: 0 }, docs);
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("POST /corpora/{id}/train", () => {
  it("refuses bad options with field messages, and changes nothing", async () => {
    const cases: [unknown, string][] = [
      [{ options: { batchSize: 1 } }, "options.batchSize"],
      [{ options: { loss: "hinge" } }, "options.loss"],
      [{ options: { temperature: -1 } }, "options.temperature"],
      [{ options: { lr: "fast" } }, "options.lr"],
      [{ options: { steps: 1_000_000 } }, "options.steps"],
      [{ options: { sources: ["file"] } }, "options.sources"],
      [{ options: { learnTemperature: true, fullBatchNegatives: true } }, "options.learnTemperature"],
      [{ options: { exportOnnx: false } }, "options"],
      [{ baseModel: "ftp:model" }, "baseModel"],
      [{ pairFile: { name: "pairs.txt", content: "a,b" } }, "pairFile.name"],
    ];
    for (const [body, field] of cases) {
      const res = await train(corpusId, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const { error } = await res.json();
      expect(
        error.details.map((d: { path: string }) => d.path),
        JSON.stringify(body),
      ).toContain(field);
    }
    const malformed = await train(corpusId, {
      pairFile: { name: "pairs.jsonl", content: '{"anchor": "a", "positive": "b"}\n{"anchor": nope}\n' },
    });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.message).toMatch(/pairs\.jsonl, line 2/);
    expect((await train(corpusId, "{not json")).status).toBe(400);
    expect((await train(999, {})).status).toBe(404);
    const empty = await train(emptyId, {});
    expect(empty.status).toBe(409);
    expect((await empty.json()).error.message).toMatch(/upload documents first/);
    expect((await history(1)).error?.message ?? "").toMatch(/not found/);
    // The form's hint for neighbouring passages.
    expect(await corpusPairShape(appServices().db, corpusId)).toEqual({ documents: 30, multiPassage: 30 });
    expect(await corpusPairShape(appServices().db, emptyId)).toEqual({ documents: 0, multiPassage: 0 });
  });

  it("creates a pending version and its job; the worker trains it and records the history", async () => {
    const res = await train(corpusId, {
      name: "tiny run",
      baseModel: `dir:${base}`,
      options: { steps: 8, batchSize: 4, workers: 0, evalEvery: 4, lr: 3e-3 },
    });
    expect(res.status).toBe(202);
    const { modelVersion, job } = await res.json();
    expect(modelVersion).toMatchObject({ name: "tiny run", source: "finetuned", status: "pending", corpusId });
    expect(job).toMatchObject({ type: "train", status: "queued", modelVersionId: modelVersion.id });
    const before = await history(modelVersion.id);
    expect(before).toMatchObject({
      job: { id: job.id },
      pointCount: 0,
      points: [],
      settings: { options: { batchSize: 4, steps: 8, loss: "infonce" } },
    });
    expect(before.settings.baseModel).toBe("dir:tiny-base");

    await drain();
    const after = await history(modelVersion.id);
    expect(after.job.status).toBe("succeeded");
    expect(after.modelVersion.status).toBe("ready");
    const stepsSeen = after.points
      .filter((p: { loss: number | null }) => p.loss !== null)
      .map((p: { step: number }) => p.step);
    expect(stepsSeen).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(
      after.points
        .filter((p: { evalValue: number | null }) => p.evalValue !== null)
        .map((p: { step: number }) => p.step),
    ).toEqual([0, 4, 8]);
    expect(after.points[1]).toMatchObject({
      step: 1,
      lr: expect.any(Number),
      seqPerSec: expect.any(Number),
      seconds: expect.any(Number),
    });
    const newer = await history(modelVersion.id, "?after=6");
    expect(newer.points.map((p: { step: number }) => p.step)).toEqual([7, 8]);
    expect((await history(modelVersion.id, "?max=1")).error.details[0].path).toBe("max");
  }, 120_000);
});

describe("cancel and resume", () => {
  it("resumes a cancelled run from its last checkpoint and finishes it, with one continuous history", async () => {
    const res = await train(corpusId, {
      baseModel: `dir:${base}`,
      options: { steps: 120, batchSize: 4, workers: 0, checkpointEvery: 5, evalEvery: 60, lr: 1e-3 },
    });
    const { modelVersion, job } = await res.json();
    const db = appServices().db;
    const worker = drain(600);
    for (;;) {
      const { lastStep } = await trainingPointStats(db, modelVersion.id);
      if (lastStep !== null && lastStep >= 12) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const cancelled = await cancelRoute.POST(
      adminRequest(`${url}/jobs/${job.id}/cancel`, { method: "POST" }),
      params(job.id),
    );
    expect((await cancelled.json()).job.cancelRequested).toBe(true);
    await worker;
    const stopped = await history(modelVersion.id);
    expect(stopped.job.status).toBe("cancelled");
    expect(stopped.modelVersion.status).toBe("cancelled");
    const stoppedAt = stopped.lastStep as number;
    expect(stoppedAt).toBeLessThan(120);
    expect(
      fs.existsSync(
        path.join(dataDir, "models", "trained", `version-${modelVersion.id}`, "checkpoints", "last", "state.json"),
      ),
    ).toBe(true);

    // Only cancelled or failed training jobs resume.
    const succeededJob = (await history(modelVersion.id - 1)).job.id;
    expect(
      (
        await resumeRoute.POST(
          adminRequest(`${url}/jobs/${succeededJob}/resume`, { method: "POST" }),
          params(succeededJob),
        )
      ).status,
    ).toBe(409);
    expect(
      (await resumeRoute.POST(adminRequest(`${url}/jobs/9999/resume`, { method: "POST" }), params(9999))).status,
    ).toBe(404);

    const resumed = await resumeRoute.POST(
      adminRequest(`${url}/jobs/${job.id}/resume`, { method: "POST" }),
      params(job.id),
    );
    expect(resumed.status).toBe(200);
    expect((await resumed.json()).job).toMatchObject({
      status: "queued",
      message: expect.stringMatching(/^resuming from the checkpoint at step \d+$/),
    });
    expect((await getModelVersion(db, modelVersion.id))!.status).toBe("pending");
    expect(
      (await resumeRoute.POST(adminRequest(`${url}/jobs/${job.id}/resume`, { method: "POST" }), params(job.id))).status,
    ).toBe(409);

    await drain();
    const done = await history(modelVersion.id, "?max=10000");
    expect(done.job.status).toBe("succeeded");
    const metrics = (await getModelVersion(db, modelVersion.id))!.metrics;
    expect(metrics.resumedFrom).toBeGreaterThan(0);
    expect(metrics.resumedFrom).toBeLessThanOrEqual(stoppedAt);
    const steps = done.points
      .filter((p: { loss: number | null }) => p.loss !== null)
      .map((p: { step: number }) => p.step);
    expect(steps).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
  }, 180_000);
});
