import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { clusterVectors } from "@/lib/cluster/cluster-vectors";
import { clusterSettings } from "@/lib/cluster/cluster-options";
import { prepareSplit, scoreModel } from "@/lib/eval/held-out-scores";
import { readHeldOut } from "@/lib/jobs/held-out-evaluation";
import { OnnxEmbedder } from "@/lib/model/embed/onnx-embedder";
import { sampleTrainingDocuments } from "@/lib/sample/sample-corpus";
import { normalizedMutualInfo } from "@/lib/train/evaluators/partition-agreement";
import { runTraining } from "@/lib/train/trainer/train-run";

const runDir = mkdtempSync(path.join(os.tmpdir(), "cognate-default-recipe-"));
afterAll(() => rmSync(runDir, { recursive: true, force: true }));

describe("the default recipe on the sample corpus (scratch, offline)", () => {
  it("finds the eight topics and beats BM25 on held-out titles", { timeout: 600_000 }, async () => {
    const documents = sampleTrainingDocuments();
    const lines: string[] = [];
    // Every option chosen by the recipe, except a shorter budget than the sample's 3 minutes to keep CI short.
    const result = await runTraining(
      { base: { kind: "scratch" }, documents, runDir, options: { budgetMinutes: 1 } },
      { log: (line) => lines.push(line) },
    );
    expect(lines.some((l) => l.startsWith("recipe: peak learning rate"))).toBe(true);
    expect(lines.some((l) => l.startsWith("warm start:") && l.includes("held-out"))).toBe(true);
    expect(result.recipe.length).toBeGreaterThan(3);

    const passages = documents.flatMap((d) =>
      d.passages.map((p) => ({ text: p.text, topic: String(d.metadata.topic) })),
    );
    const embedder = await OnnxEmbedder.load(result.modelDir);
    try {
      const vectors = await embedder.embed(
        passages.map((p) => p.text),
        { normalize: true },
      );
      const found = clusterVectors(vectors, embedder.dim, clusterSettings.parse({}));
      const k = new Set(found.labels).size;
      expect(k).toBeGreaterThanOrEqual(6);
      expect(k).toBeLessThanOrEqual(10);
      expect(
        normalizedMutualInfo(
          Array.from(found.labels),
          passages.map((p) => p.topic),
        ),
      ).toBeGreaterThanOrEqual(0.8);

      const sets = readHeldOut(runDir)!;
      const split = prepareSplit(sets);
      const scores = scoreModel(split, {
        dim: embedder.dim,
        queries: await embedder.embed(sets.retrieval!.queries, { normalize: true }),
        corpus: await embedder.embed(sets.retrieval!.corpus, { normalize: true }),
      });
      const bm25 = split.baselines.retrieval!.bm25.mrr;
      expect(Math.max(scores.retrieval!.dense.mrr, scores.retrieval!.hybrid.mrr)).toBeGreaterThan(bm25);
    } finally {
      await embedder.dispose();
    }
  });
});
