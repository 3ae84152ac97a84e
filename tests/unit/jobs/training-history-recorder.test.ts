import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCorpus } from "@/lib/db/queries/corpora";
import { createModelVersion } from "@/lib/db/queries/model-versions";
import { listTrainingPoints, recordTrainingSteps } from "@/lib/db/queries/training-points";
import { TrainingHistoryRecorder } from "@/lib/jobs/training-history-recorder";
import { stepPoint } from "@/lib/train/history/training-point";
import type { StepProgress } from "@/lib/train/trainer/trainer";
import { tempDatabase } from "@/tests/helpers/temp-db";

let t: ReturnType<typeof tempDatabase>;
let versionId: number;
beforeEach(async () => {
  t = tempDatabase();
  const corpus = await createCorpus(t.db, { name: "c" });
  versionId = (
    await createModelVersion(t.db, { corpusId: corpus.id, name: "v", source: "scratch", baseModel: "scratch" })
  ).id;
});
afterEach(() => t.cleanup());

const progress = (step: number, totalSteps = 10): StepProgress => ({
  step,
  totalSteps,
  loss: 1 / step,
  lr: 1e-3,
  gradNorm: 0.5,
  source: "title",
  sequencesPerSecond: 20,
  etaSeconds: 5,
  elapsedSeconds: step,
});

describe("the training history recorder", () => {
  it("buffers steps and writes them at most every flushMs, at the last step, and before an evaluation", async () => {
    let now = 0;
    const recorder = new TrainingHistoryRecorder(t.db, versionId, 1000, () => now);
    await recorder.evaluation({ step: 0, primary: "ndcg", value: 0.2, metrics: { ndcg: 0.2, mrr: 0.1 } });
    await recorder.step(progress(1));
    await recorder.step(progress(2));
    expect((await listTrainingPoints(t.db, versionId)).map((p) => p.step)).toEqual([0]);
    now = 1500;
    await recorder.step(progress(3));
    expect((await listTrainingPoints(t.db, versionId)).map((p) => p.step)).toEqual([0, 1, 2, 3]);
    await recorder.step(progress(4));
    await recorder.evaluation({ step: 4, primary: "ndcg", value: 0.4, metrics: { ndcg: 0.4 } });
    const points = await listTrainingPoints(t.db, versionId);
    expect(points.find((p) => p.step === 0)).toMatchObject({
      loss: null,
      evalValue: 0.2,
      evalMetric: "ndcg",
      evalMetrics: { ndcg: 0.2, mrr: 0.1 },
    });
    expect(points.find((p) => p.step === 4)).toMatchObject({
      loss: 0.25,
      lr: 1e-3,
      seqPerSec: 20,
      seconds: 4,
      gradNorm: 0.5,
      evalValue: 0.4,
    });
    await recorder.step(progress(10));
    expect((await listTrainingPoints(t.db, versionId)).at(-1)!.step).toBe(10);
  });

  it("drops what a crashed attempt recorded after the step it resumes from, keeping that step's evaluation", async () => {
    await recordTrainingSteps(
      t.db,
      versionId,
      [1, 2, 3, 4, 5, 6].map((step) => stepPoint({ step, loss: 9, lr: 1 })),
    );
    await new TrainingHistoryRecorder(t.db, versionId).evaluation({
      step: 4,
      primary: "ndcg",
      value: 0.3,
      metrics: { ndcg: 0.3 },
    });
    const resumed = new TrainingHistoryRecorder(t.db, versionId);
    await resumed.step(progress(5));
    await resumed.flush();
    const points = await listTrainingPoints(t.db, versionId);
    expect(points.map((p) => p.step)).toEqual([1, 2, 3, 4, 5]);
    expect(points[3].evalValue).toBe(0.3);
    expect(points[4].loss).toBe(0.2);
  });
});
