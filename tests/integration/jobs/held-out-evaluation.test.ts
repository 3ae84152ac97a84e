import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateHeldOut, readHeldOut } from "@/lib/jobs/held-out-evaluation";
import { HELD_OUT_FILE } from "@/lib/train/trainer/train-run";
import { writeTinyModel } from "@/tests/fixtures/tiny-model";
import { tempDatabase } from "@/tests/helpers/temp-db";

let t: ReturnType<typeof tempDatabase>;
beforeAll(() => (t = tempDatabase()));
afterAll(() => t.cleanup());

const SETS = {
  retrieval: {
    queries: ["the dog runs in the park", "a man plays the guitar", "oil price news"],
    corpus: [
      "dogs running on grass in a park",
      "a man is playing a guitar song",
      "the market price of oil",
      "a bird flying over the sea",
    ],
    relevant: [[0], [1], [2]],
  },
  sts: {
    a: ["a man plays", "a dog runs", "the sun", "red car"],
    b: ["a man is playing", "a cat sits", "rain falls", "a red car"],
    gold: [4.5, 1, 0.2, 4.8],
  },
};

describe("held-out evaluation of model folders", () => {
  it("reads the run's split and scores trained, base and live models on it with the keyword baselines", async () => {
    const runDir = path.join(t.dir, "run");
    const [trained, base] = [
      writeTinyModel(path.join(runDir, "model"), { seed: 3 }).dir,
      writeTinyModel(path.join(t.dir, "base"), { seed: 4 }).dir,
    ];
    writeFileSync(path.join(runDir, HELD_OUT_FILE), JSON.stringify(SETS));
    expect(readHeldOut(runDir)).toEqual(SETS);
    const lines: string[] = [];
    const report = (await evaluateHeldOut({
      runDir,
      trainedDir: trained,
      baseDir: base,
      live: { modelVersionId: 7, name: "old", dir: base },
      log: (l) => lines.push(l),
    }))!;
    expect(report.split).toEqual({ queries: 3, documents: 4, stsPairs: 4 });
    expect(report.baselines.retrieval!.bm25.mrr).toBe(1);
    expect(report.baselines.sts!.tfidf).toBeGreaterThan(0.5);
    for (const scores of [report.trained, report.base!, report.live!]) {
      expect(scores.retrieval!.dense.ndcg).toBeGreaterThanOrEqual(0);
      expect(scores.retrieval!.hybrid.ndcg).toBeGreaterThanOrEqual(0);
      expect(Number.isFinite(scores.sts!.dense)).toBe(true);
    }
    expect(report.live).toMatchObject({ modelVersionId: 7, name: "old" });
    expect(report.fusion).toEqual(report.trained.retrieval!.fusion);
    expect(lines.join("\n")).toMatch(/base model/);
  });

  it("has nothing to evaluate on for a run without a split", async () => {
    const runDir = path.join(t.dir, "empty-run");
    writeTinyModel(path.join(runDir, "model"));
    expect(await evaluateHeldOut({ runDir, trainedDir: path.join(runDir, "model") })).toBeUndefined();
    writeFileSync(path.join(runDir, HELD_OUT_FILE), "{}");
    expect(readHeldOut(runDir)).toBeUndefined();
  });
});
