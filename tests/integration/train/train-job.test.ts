import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCorpus } from "@/lib/db/queries/corpora";
import { insertDocuments } from "@/lib/db/queries/documents";
import { getJob, insertJob, leaseNextJob } from "@/lib/db/queries/jobs";
import { createModelVersion, getModelVersion } from "@/lib/db/queries/model-versions";
import { trainHandler, type TrainCheckpoint } from "@/lib/jobs/handlers/train-handler";
import type { JobContext, JobHandler } from "@/lib/jobs/job-handler";
import { runLeasedJob } from "@/lib/jobs/job-runner";
import { passageHash } from "@/lib/ingest/passages/passage-hash";
import { writeTinyModel } from "@/tests/fixtures/tiny-model";
import { tempDatabase } from "@/tests/helpers/temp-db";
import { syntheticPairs } from "@/tests/unit/train/trainer/synthetic-task";

let t: ReturnType<typeof tempDatabase>;
beforeEach(() => (t = tempDatabase()));
afterEach(() => t.cleanup());

/** A corpus of 30 documents with informative titles and two passages each (title ↔ passage and neighbours). */
async function seedCorpus(): Promise<number> {
  const corpus = await createCorpus(t.db, { name: "synthetic" });
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
      title: `story ${"abcdefghijklmnopqrstuvwxyz"[i % 26]} ${pairs[2 * i].positive}`,
      text: passages.map((p) => p.text).join("\n\n"),
      metadata: { topic: `t${i % 3}` },
      passages,
    };
  });
  await insertDocuments(t.db, { corpusId: corpus.id, uploadId: null, firstOrdinal: 0 }, docs);
  return corpus.id;
}

describe("the train job", () => {
  it("trains a model version from the corpus, survives a worker shutdown mid-run and a later upload, and stores model, metrics and curve", async () => {
    const base = path.join(t.dir, "base");
    writeTinyModel(base, { hidden: 32, layers: 2, heads: 4, intermediate: 64 });
    const corpusId = await seedCorpus();
    const version = await createModelVersion(t.db, {
      corpusId,
      name: "v1",
      source: "finetuned",
      baseModel: `dir:${base}`,
    });
    const outputDir = path.join(t.dir, "runs", "v1");
    const job = await insertJob(t.db, {
      type: "train",
      title: "train",
      corpusId,
      payload: {
        corpusId,
        modelVersionId: version.id,
        baseModel: `dir:${base}`,
        outputDir,
        options: {
          steps: 12,
          batchSize: 8,
          lr: 3e-3,
          workers: 0,
          evalEvery: 4,
          checkpointEvery: 2,
          evalLabelColumn: "topic",
          exportOnnx: false,
          negatives: { mode: "hard", perAnchor: 1, remineEvery: 5 },
        },
      },
    });

    // First attempt: the worker shuts down after the checkpoint of step 4 is committed.
    const shutdown = new AbortController();
    const interrupting: JobHandler<unknown> = {
      ...(trainHandler as JobHandler<unknown>),
      run: (ctx) =>
        trainHandler.run(
          new Proxy(ctx, {
            get: (target, key) =>
              key === "commit"
                ? async (write: Parameters<JobContext<unknown>["commit"]>[0]) => {
                    const saved = (await target.commit(write)) as TrainCheckpoint;
                    if (saved.step >= 4) shutdown.abort();
                    return saved;
                  }
                : Reflect.get(target, key),
          }) as never,
        ),
    };
    const first = (await leaseNextJob(t.db, "w1", 60_000, ["train"]))!;
    expect(
      await runLeasedJob(
        t.db,
        first,
        { train: interrupting },
        { owner: "w1", leaseMs: 60_000, shutdown: shutdown.signal },
      ),
    ).toBe("queued");
    const paused = (await getJob(t.db, job.id))!;
    const checkpoint = paused.checkpoint as TrainCheckpoint;
    expect(checkpoint.step).toBeGreaterThanOrEqual(4);
    expect(checkpoint.step).toBeLessThan(12);
    expect((await getModelVersion(t.db, version.id))!.status).toBe("training");

    // An upload meanwhile does not change the data of the run: it resumes on the documents it started with.
    const late = "a passage uploaded while the run was paused";
    await insertDocuments(t.db, { corpusId, uploadId: null, firstOrdinal: 30 }, [
      {
        title: "a later upload",
        text: late,
        metadata: {},
        passages: [{ ordinal: 0, text: late, start: 0, end: late.length, hash: passageHash(late) }],
      },
    ]);

    // Second attempt, another worker: resumes from the committed checkpoint.
    const second = (await leaseNextJob(t.db, "w2", 60_000, ["train"]))!;
    expect(await runLeasedJob(t.db, second, { train: trainHandler }, { owner: "w2", leaseMs: 60_000 })).toBe(
      "succeeded",
    );
    const done = (await getJob(t.db, job.id))!;
    expect(done.done).toBe(12);
    expect(done.message).toMatch(/^trained 12 steps · retrieval_ndcg@10 \d\.\d{4}$/);
    const stored = (await getModelVersion(t.db, version.id))!;
    expect(stored.status).toBe("ready");
    expect(stored.path).toBe(path.join(outputDir, "model"));
    expect(existsSync(path.join(outputDir, "model", "model.safetensors"))).toBe(true);
    const metrics = stored.metrics;
    expect(metrics).toMatchObject({
      steps: 12,
      resumedFrom: checkpoint.step,
      primary: "retrieval_ndcg@10",
      sources: ["title", "neighbours"],
    });
    expect(metrics.clustering_nmi).toBeGreaterThanOrEqual(0);
    expect(metrics.baseline?.["retrieval_ndcg@10"]).toBeGreaterThanOrEqual(0);
    const curve = JSON.parse(readFileSync(path.join(outputDir, "curve.json"), "utf8"));
    expect(curve.curve.map((p: { step: number }) => p.step)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  }, 60_000);

  it("refuses a bad payload before doing anything", () => {
    expect(() => trainHandler.parsePayload({ corpusId: 1, modelVersionId: 2, options: { loss: "hinge" } })).toThrow(
      /loss/,
    );
    // Options are kept as given: what is left out is chosen by the run's recipe from the corpus.
    expect(trainHandler.parsePayload({ corpusId: 1, modelVersionId: 2 }).options).toEqual({});
    expect(trainHandler.parsePayload({ corpusId: 1, modelVersionId: 2, options: { batchSize: 8 } }).options).toEqual({
      batchSize: 8,
    });
  });
});
