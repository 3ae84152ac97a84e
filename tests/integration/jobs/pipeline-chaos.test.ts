import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { latestClusterRun, runAssignments } from "@/lib/db/queries/clusters";
import { createCorpus } from "@/lib/db/queries/corpora";
import { getJob, insertJob, listJobs } from "@/lib/db/queries/jobs";
import { createModelVersion, getModelVersion } from "@/lib/db/queries/model-versions";
import { passageIds } from "@/lib/db/queries/passages";
import type { JobRow } from "@/lib/db/schema";
import { indexFolder } from "@/lib/index/index-manifest";
import { loadIndex } from "@/lib/index/index-store";
import type { Supervisor } from "@/lib/jobs/worker-supervisor";
import { superviseTestWorker } from "@/tests/helpers/supervised-worker";
import { enqueueClustering } from "@/lib/pipeline/stage-jobs";
import { writeTinyModel } from "@/tests/fixtures/tiny-model";
import { storeDocuments } from "@/tests/helpers/store-documents";
import { tempDatabase } from "@/tests/helpers/temp-db";
import { waitFor } from "@/tests/helpers/wait-for";

let t: ReturnType<typeof tempDatabase>;
let supervisor: Supervisor | undefined;
beforeEach(() => (t = tempDatabase()));
afterEach(async () => {
  await supervisor?.stop();
  await t.cleanup();
});

const WORDS = ["orbit", "galaxy", "bread", "flour", "marathon", "race", "piano", "guitar", "market", "stock"];
const DOCS = 150;

/** A corpus of 1,500 passages of about 60 words on ten themes (long enough that indexing takes a few seconds). */
async function seedCorpus(): Promise<number> {
  const corpusId = (await createCorpus(t.db, { name: "chaos" })).id;
  const docs = Array.from({ length: DOCS }, (_, d) => ({
    title: `${WORDS[d % 10]} notes ${d}`,
    passages: Array.from({ length: 10 }, (_, p) =>
      Array.from(
        { length: 6 },
        (_, s) => `the ${WORDS[d % 10]} and the ${WORDS[(d + p + s) % 10]} in part ${p} of note ${d} line ${s}.`,
      ).join(" "),
    ),
  }));
  await storeDocuments(t.db, corpusId, docs);
  return corpusId;
}

describe("chaos: kill -9 of the worker during training, indexing and clustering", () => {
  it("every job ends succeeded or failed, passages are neither lost nor duplicated, and the index loads", async () => {
    const corpusId = await seedCorpus();
    const passagesBefore = await passageIds(t.db, corpusId);
    const base = path.join(t.dir, "base");
    writeTinyModel(base, { hidden: 32, layers: 1, heads: 4, intermediate: 64 });
    const version = await createModelVersion(t.db, {
      corpusId,
      name: "v1",
      source: "finetuned",
      baseModel: `dir:${base}`,
    });
    const train = await insertJob(t.db, {
      type: "train",
      title: "train",
      corpusId,
      maxAttempts: 3,
      payload: {
        corpusId,
        modelVersionId: version.id,
        baseModel: `dir:${base}`,
        options: { steps: 24, batchSize: 8, workers: 0, evalEvery: 8, checkpointEvery: 2 },
      },
    });

    const env = {
      ...process.env,
      ...t.env,
      COGNATE_SAMPLE: "0",
      COGNATE_WORKER_POLL_MS: "50",
      COGNATE_LEASE_MS: "10000",
    };
    const worker = superviseTestWorker(env, { healthyAfterMs: 500 });
    supervisor = worker.supervisor;
    const { children } = worker;

    /** Kills the worker `times` times while a job of `type` runs, each time once that attempt made progress. */
    const killDuring = async (type: string, times: number, progressed: (job: JobRow) => boolean): Promise<number> => {
      let jobId = 0;
      for (let kill = 1; kill <= times; kill++) {
        const job = await waitFor(
          `a ${type} job to make progress before kill ${kill}`,
          async () => {
            const row = (await listJobs(t.db, { corpusId })).find((j) => j.type === type && (!jobId || j.id === jobId));
            if (row)
              expect(row.status, `the ${type} job ended before kill ${kill}; give it more work`).toMatch(
                /queued|running/,
              );
            return row?.status === "running" && row.attempts === kill && progressed(row) && row;
          },
          60_000,
        );
        jobId = job.id;
        const victim = children[children.length - 1];
        const exited = new Promise((r) => victim.once("exit", r));
        victim.kill("SIGKILL");
        await exited;
      }
      return jobId;
    };
    const ended = (jobId: number) =>
      waitFor(
        `job ${jobId} to end`,
        async () => {
          const row = (await getJob(t.db, jobId))!;
          return !["queued", "running"].includes(row.status) && row;
        },
        60_000,
      );

    // Training resumes from its last checkpoint after each kill, then the pipeline indexes its model.
    await killDuring("train", 2, (j) => j.done >= 2);
    expect(await ended(train.id)).toMatchObject({ status: "succeeded", attempts: 3 });
    const index = await killDuring("index", 2, (j) => j.done > 0);
    expect(await ended(index)).toMatchObject({ status: "succeeded", attempts: 3 });
    // Clustering has two attempts: killed twice, it fails and says why; a new one succeeds.
    const cluster = await killDuring("cluster", 2, (j) => j.progress > 0.05);
    const failed = await ended(cluster);
    expect(failed).toMatchObject({ status: "failed", attempts: 2, leaseOwner: null });
    expect(failed.error).toMatch(/its worker died while running it/);
    const again = await enqueueClustering(t.db, { corpusId, settings: { k: 5 } });
    expect(await ended(again.id)).toMatchObject({ status: "succeeded" });

    // No job is left behind, and nothing was lost or stored twice.
    expect((await listJobs(t.db, { corpusId })).filter((j) => ["queued", "running"].includes(j.status))).toEqual([]);
    expect(await passageIds(t.db, corpusId)).toEqual(passagesBefore);
    expect((await getModelVersion(t.db, version.id))!.status).toBe("live");
    const folder = indexFolder(path.join(t.dir, "indexes"), { corpusId, modelVersionId: version.id });
    const loaded = await loadIndex(folder, { expect: { corpusId, modelVersionId: version.id } });
    expect(loaded.index.ids()).toEqual(passagesBefore);
    expect(loaded.manifest.count).toBe(passagesBefore.length);
    const run = (await latestClusterRun(t.db, corpusId))!;
    const assigned = await runAssignments(t.db, run.id);
    expect([...assigned.keys()].sort((a, b) => a - b)).toEqual(passagesBefore);
    expect(worker.output()).not.toMatch(/FATAL|Segmentation/);
  }, 180_000);
});
