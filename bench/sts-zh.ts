/**
 * Chinese by default: `npm run bench -- sts-zh`.
 *
 * Runs exactly the default training path (a scratch model, no options: the recipe chooses every
 * setting, the time budget included) on stsb-zh-train.csv (its sentences as the corpus, its scored
 * pairs as the pair file) and scores the served ONNX graph on stsb-zh-dev.csv: Spearman×100 of
 * cosine against the gold scores, beside TF-IDF cosine on character unigrams and character
 * 1–2-grams fitted on train+dev sentences in the same run (the data README's baselines: 75.7 and
 * 73.8), and the time.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { OnnxEmbedder } from "@/lib/model/embed/onnx-embedder";
import { spearman } from "@/lib/train/evaluators/rank-correlation";
import type { TrainingDocument } from "@/lib/train/pairs/corpus-pairs";
import type { PairFile } from "@/lib/train/pairs/pair-file";
import { runTraining } from "@/lib/train/trainer/train-run";
import { readSts, tfidfCosines } from "@/bench/train-shared/sts-baselines";

const x100 = (x: number) => (100 * x).toFixed(1);

/** Characters as scikit-learn's analyzer="char" sees them: lower case, whitespace runs as one space. */
const chars = (text: string) => [...text.toLowerCase().replace(/\s+/g, " ")];
const charUnigrams = chars;
function charUniBigrams(text: string): string[] {
  const c = chars(text);
  return [...c, ...c.slice(1).map((x, i) => c[i] + x)];
}

const [train, dev] = [readSts("stsb-zh-train.csv"), readSts("stsb-zh-dev.csv")];
console.log("STS-B Chinese: default training on stsb-zh-train.csv, Spearman on stsb-zh-dev.csv");
const fit = [...train, ...dev].flatMap((r) => [r[0], r[1]]);
const gold = dev.map((r) => r[2]);
const baseline = (features: (text: string) => string[]) => spearman(tfidfCosines(fit, dev, features), gold);
const uni = baseline(charUnigrams);
const uniBi = baseline(charUniBigrams);
console.log(`  TF-IDF char unigrams ${x100(uni)} · char 1–2-grams ${x100(uniBi)}`);

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
const runDir = mkdtempSync(path.join(os.tmpdir(), "cognate-sts-zh-"));
try {
  const started = performance.now();
  const result = await runTraining(
    { base: { kind: "scratch" }, documents, pairFile, runDir },
    { log: (line) => console.log(`  ${line}`) },
  );
  const trainSeconds = (performance.now() - started) / 1000;
  console.log(
    `  trained ${result.steps}/${result.totalSteps} steps, kept step ${result.bestStep ?? "–"} (${result.backend} × ${result.workers})`,
  );
  const embedder = await OnnxEmbedder.load(result.modelDir);
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
  const encoder = spearman(cos, gold);
  console.log(
    `  TF-IDF char unigrams ${x100(uni)} · TF-IDF char 1–2-grams ${x100(uniBi)} · trained encoder ${x100(encoder)} (target > char unigrams: ${encoder > uni ? "yes" : "no"}) · ${trainSeconds.toFixed(0)} s training`,
  );
} finally {
  rmSync(runDir, { recursive: true, force: true });
}
