import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCorpus } from "@/lib/db/queries/corpora";
import { listJobs } from "@/lib/db/queries/jobs";
import { listModelVersions } from "@/lib/db/queries/model-versions";
import { jobHandlers } from "@/lib/jobs/handlers";
import { shouldPromote } from "@/lib/jobs/handlers/train-job-handler";
import { enqueuePrepareModel } from "@/lib/pipeline/stage-jobs";
import { runWorkerLoop } from "@/lib/jobs/worker-loop";
import type { ModelVersion } from "@/lib/db/schema";
import { tempDatabase } from "@/tests/helpers/temp-db";

let t: ReturnType<typeof tempDatabase>;
beforeAll(() => {
  t = tempDatabase();
  Object.assign(process.env, t.env);
  // Nothing listens on port 9 of loopback: the hub is unreachable, at once.
  process.env.HF_ENDPOINT = "http://127.0.0.1:9";
});
afterAll(() => t.cleanup());

const runPrepareOnly = () =>
  runWorkerLoop(t.db, {
    handlers: { "prepare-model": jobHandlers["prepare-model"] },
    leaseMs: 10_000,
    pollMs: 10,
    signal: new AbortController().signal,
    untilIdle: true,
  });

describe("getting a model when the hub cannot be reached", () => {
  it("fails with what to do when no fallback is asked for", async () => {
    const corpusId = (await createCorpus(t.db, { name: "strict" })).id;
    await enqueuePrepareModel(t.db, { corpusId, spec: "hub:sentence-transformers/all-MiniLM-L6-v2", promote: false });
    await runPrepareOnly();
    const job = (await listJobs(t.db, { corpusId }))[0];
    expect(job.error).toMatch(
      /cannot reach http:\/\/127\.0\.0\.1:9 .*set HF_ENDPOINT to a mirror, or copy the model folder in and use dir:PATH, or use scratch/,
    );
  });

  it("queues training from scratch instead, on first start", async () => {
    const corpusId = (await createCorpus(t.db, { name: "offline" })).id;
    await enqueuePrepareModel(t.db, {
      corpusId,
      spec: "hub:sentence-transformers/all-MiniLM-L6-v2",
      promote: false,
      fallbackToScratch: true,
    });
    await runPrepareOnly();
    const jobs = await listJobs(t.db, { corpusId });
    expect(jobs.map((j) => [j.type, j.status])).toEqual([
      ["train", "queued"],
      ["prepare-model", "succeeded"],
    ]);
    expect(jobs[1].message).toMatch(/training a model from scratch/);
    expect(await listModelVersions(t.db, corpusId)).toEqual([
      expect.objectContaining({ source: "scratch", status: "pending" }),
    ]);
    expect(jobs[0].payload).toMatchObject({ corpusId, baseModel: "scratch" });
  });
});

describe("promotion after training", () => {
  const version = (metrics: object) => ({ metrics }) as ModelVersion;
  it("promotes when nothing serves, or when the trained model beats its base", () => {
    expect(shouldPromote(version({}), undefined)).toBe(true);
    expect(
      shouldPromote(version({ primary: "spearman", spearman: 0.8, baseline: { spearman: 0.7 } }), version({})),
    ).toBe(true);
    expect(
      shouldPromote(version({ primary: "spearman", spearman: 0.6, baseline: { spearman: 0.7 } }), version({})),
    ).toBe(false);
    expect(shouldPromote(version({ steps: 10 }), version({}))).toBe(false);
  });
});
