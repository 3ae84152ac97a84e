import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { OnnxEmbedder } from "@/lib/model/embed/onnx-embedder";
import { runTraining } from "@/lib/train/trainer/train-run";
import { writeTinyModel } from "@/tests/fixtures/tiny-model";
import { syntheticPairs, syntheticScoredPairs } from "@/tests/unit/train/trainer/synthetic-task";

const dir = mkdtempSync(path.join(os.tmpdir(), "cognate-train-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a short training run on synthetic paraphrases", () => {
  it("raises the STS Spearman and retrieval MRR of a tiny model, keeps the best, exports ONNX and the curve", async () => {
    writeTinyModel(path.join(dir, "base"), { hidden: 32, layers: 2, heads: 4, intermediate: 64 });
    const evaluations: number[] = [];
    const result = await runTraining(
      {
        base: { kind: "dir", dir: path.join(dir, "base") },
        documents: [],
        pairFile: { examples: syntheticPairs(300, 1), shape: "pairs", skipped: 0 },
        evalPairs: { examples: syntheticScoredPairs(120, 2), shape: "scored", skipped: 0 },
        runDir: path.join(dir, "run"),
        options: {
          steps: 30,
          batchSize: 16,
          lr: 3e-3,
          workers: 0,
          evalEvery: 10,
          negatives: { mode: "random", perAnchor: 1 },
        },
      },
      { onEvaluation: (e) => evaluations.push(e.value) },
    );
    expect(result.steps).toBe(30);
    expect(result.metrics.sts_spearman - result.baseline.sts_spearman).toBeGreaterThan(0.3);
    expect(result.metrics["retrieval_mrr@10"]).toBeGreaterThan(result.baseline["retrieval_mrr@10"] + 0.2);
    expect(result.metrics.sts_spearman).toBe(Math.max(...evaluations));
    const curve = JSON.parse(readFileSync(path.join(dir, "run", "curve.json"), "utf8"));
    expect(curve.curve.map((p: { step: number }) => p.step)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(curve.curve[0]).toMatchObject({ source: "file" });
    expect(curve.evaluations).toHaveLength(4);
    // The exported ONNX graph serves the kept model: its STS matches the trainer's evaluation.
    expect(existsSync(path.join(result.modelDir, "onnx", "model.onnx"))).toBe(true);
    const embedder = await OnnxEmbedder.load(result.modelDir, { threads: 1 });
    const pairs = syntheticScoredPairs(120, 2);
    const a = await embedder.embed(pairs.map((p) => p.a));
    const b = await embedder.embed(pairs.map((p) => p.b));
    await embedder.dispose();
    const cosines = pairs.map((_, i) => a.subarray(i * 32, i * 32 + 32).reduce((s, x, d) => s + x * b[i * 32 + d], 0));
    const { spearman } = await import("@/lib/train/evaluators/rank-correlation");
    // Not to the last digit: float sums in another order (onnxruntime against TF.js, AVX2 against
    // AVX-512 kernels) can swap near-tied cosines, which moves Spearman by about 0.001 on 120 pairs.
    const served = spearman(
      cosines,
      pairs.map((p) => p.score),
    );
    expect(Math.abs(served - result.metrics.sts_spearman)).toBeLessThan(0.003);
    for (const other of evaluations.filter((v) => v !== result.metrics.sts_spearman))
      expect(Math.abs(served - other)).toBeGreaterThan(Math.abs(served - result.metrics.sts_spearman));
    // Running the finished run again returns its result without training.
    const again = await runTraining({
      base: { kind: "dir", dir: path.join(dir, "base") },
      documents: [],
      pairFile: { examples: syntheticPairs(300, 1), shape: "pairs", skipped: 0 },
      evalPairs: { examples: syntheticScoredPairs(120, 2), shape: "scored", skipped: 0 },
      runDir: path.join(dir, "run"),
      options: {
        steps: 30,
        batchSize: 16,
        lr: 3e-3,
        workers: 0,
        evalEvery: 10,
        negatives: { mode: "random", perAnchor: 1 },
      },
    });
    expect(again.metrics).toEqual(result.metrics);
  });
});
