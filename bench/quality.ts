/**
 * What users get by default, against keyword baselines: `npm run bench -- quality [sts|sample]`.
 *
 * Runs exactly the default training path (a scratch model, no options: the recipe chooses every
 * setting, the time budget included) and scores the served ONNX graph on data it did not train on:
 * - STS-B: trains on stsb-en-train.csv (its sentences as the corpus, its scored pairs as the pair
 *   file), then Spearman×100 on stsb-en-dev.csv beside TF-IDF cosine (words; character 2–4-grams).
 * - The sample corpus (eight topics): k-means with automatic k, and density clustering, on every
 *   passage, NMI against the topics; held-out title → article retrieval (the run's own held-out
 *   split) MRR@10 and nDCG@10 for BM25, TF-IDF, dense and hybrid.
 * Each part prints its time.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { clusterVectors } from "@/lib/cluster/cluster-vectors";
import { clusterSettings } from "@/lib/cluster/cluster-options";
import { prepareSplit, scoreModel } from "@/lib/eval/held-out-scores";
import { readHeldOut } from "@/lib/jobs/held-out-evaluation";
import { OnnxEmbedder } from "@/lib/model/embed/onnx-embedder";
import { sampleTrainingDocuments } from "@/lib/sample/sample-corpus";
import { normalizedMutualInfo } from "@/lib/train/evaluators/partition-agreement";
import { spearman } from "@/lib/train/evaluators/rank-correlation";
import type { TrainingDocument } from "@/lib/train/pairs/corpus-pairs";
import type { PairFile } from "@/lib/train/pairs/pair-file";
import { runTraining } from "@/lib/train/trainer/train-run";
import { charGrams, readSts, tfidfCosines, words } from "@/bench/train-shared/sts-baselines";

const x100 = (x: number) => (100 * x).toFixed(1);
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(0)} s`;

/** Trains with no options at all, as `cli train --base scratch` does, logging the recipe. */
async function trainDefault(
  documents: TrainingDocument[],
  pairFile?: PairFile,
): Promise<{ runDir: string; modelDir: string; seconds: number }> {
  const runDir = mkdtempSync(path.join(os.tmpdir(), "cognate-quality-"));
  const started = performance.now();
  const result = await runTraining(
    { base: { kind: "scratch" }, documents, pairFile, runDir },
    { log: (line) => console.log(`  ${line}`) },
  );
  console.log(
    `  trained ${result.steps}/${result.totalSteps} steps, kept step ${result.bestStep ?? "–"} (${result.backend} × ${result.workers})`,
  );
  return { runDir, modelDir: result.modelDir, seconds: (performance.now() - started) / 1000 };
}

async function stsBenchmark(): Promise<void> {
  const [train, dev] = [readSts("stsb-en-train.csv"), readSts("stsb-en-dev.csv")];
  console.log("STS-B: default training on stsb-en-train.csv, Spearman on stsb-en-dev.csv");
  const fit = [...train, ...dev].flatMap((r) => [r[0], r[1]]);
  const gold = dev.map((r) => r[2]);
  const baseline = (features: (text: string) => string[]) => spearman(tfidfCosines(fit, dev, features), gold);
  const sentences = [...new Set(train.flatMap((r) => [r[0], r[1]]))];
  const documents = sentences.map((text, id): TrainingDocument => ({
    id,
    title: "",
    metadata: {},
    passages: [{ id, text }],
  }));
  const pairFile: PairFile = {
    shape: "scored",
    skipped: 0,
    examples: train.map(([a, b, score]) => ({ kind: "scored", a, b, score })),
  };
  const run = await trainDefault(documents, pairFile);
  try {
    const embedder = await OnnxEmbedder.load(run.modelDir);
    const [a, b] = [
      await embedder.embed(
        dev.map((r) => r[0]),
        { normalize: true },
      ),
      await embedder.embed(
        dev.map((r) => r[1]),
        { normalize: true },
      ),
    ];
    await embedder.dispose();
    const dim = a.length / dev.length;
    const cos = dev.map((_, i) => a.subarray(i * dim, (i + 1) * dim).reduce((s, x, j) => s + x * b[i * dim + j], 0));
    console.log(
      `  TF-IDF words ${x100(baseline(words))} · TF-IDF char 2–4-grams ${x100(baseline(charGrams))} · trained encoder ${x100(spearman(cos, gold))} (target ≥ 80.0) · ${run.seconds.toFixed(0)} s training`,
    );
  } finally {
    rmSync(run.runDir, { recursive: true, force: true });
  }
}

async function sampleBenchmark(): Promise<void> {
  console.log(
    "Sample corpus: default training, clustering NMI against the eight topics, held-out title → article retrieval",
  );
  const documents = sampleTrainingDocuments();
  const run = await trainDefault(documents);
  try {
    const passages = documents.flatMap((d) =>
      d.passages.map((p) => ({ text: p.text, topic: String(d.metadata.topic) })),
    );
    const embedder = await OnnxEmbedder.load(run.modelDir);
    const vectors = await embedder.embed(
      passages.map((p) => p.text),
      { normalize: true },
    );
    const dim = embedder.dim;
    await embedder.dispose();
    const topics = passages.map((p) => p.topic);
    for (const method of ["kmeans", "density"] as const) {
      const started = performance.now();
      const result = clusterVectors(vectors, dim, clusterSettings.parse({ method }));
      const k = new Set(Array.from(result.labels).filter((l) => l >= 0)).size;
      console.log(
        `  ${method}: ${k} clusters, NMI ${normalizedMutualInfo(Array.from(result.labels), topics).toFixed(3)} (target ≥ 0.8, k 6–10) · ${seconds(started)}`,
      );
    }
    const sets = readHeldOut(run.runDir);
    if (!sets?.retrieval) throw new Error("the run held out no retrieval set");
    const split = prepareSplit(sets);
    const scoring = await OnnxEmbedder.load(run.modelDir);
    const model = scoreModel(split, {
      dim: scoring.dim,
      queries: await scoring.embed(sets.retrieval.queries, { normalize: true }),
      corpus: await scoring.embed(sets.retrieval.corpus, { normalize: true }),
    });
    await scoring.dispose();
    const line = (name: string, s: { mrr: number; ndcg: number }) =>
      `${name} MRR@10 ${s.mrr.toFixed(3)} nDCG@10 ${s.ndcg.toFixed(3)}`;
    const { bm25, tfidf } = split.baselines.retrieval!;
    const { dense, hybrid } = model.retrieval!;
    console.log(
      `  held-out titles (${sets.retrieval.queries.length} queries, ${sets.retrieval.corpus.length} passages): ${line("BM25", bm25)} · ${line("TF-IDF", tfidf)} · ${line("dense", dense)} · ${line("hybrid", hybrid)}`,
    );
    console.log(`  hybrid above BM25: ${hybrid.mrr > bm25.mrr ? "yes" : "no"} · ${run.seconds.toFixed(0)} s training`);
  } finally {
    rmSync(run.runDir, { recursive: true, force: true });
  }
}

const which = process.argv[2];
if (!which || which === "sample") await sampleBenchmark();
if (!which || which === "sts") await stsBenchmark();
