/**
 * A scratch encoder against lexical baselines on STS-B: `npm run bench -- sts-scratch
 * [--epochs E] [--hidden H] [--layers L] [--vocab V] [--batch B] [--lr X] [--workers W]
 * [--no-warm-start] [--warm-start-scale X] [--no-zero-residual] [--round-robin] [--eval-every N]
 * [--simcse W] [--sink D] [--idf-power P] [--corpus-share S]`.
 *
 * Trains a model from scratch on stsb-en-train.csv only (its sentences give the WordPiece
 * vocabulary and the warm start: IDF-weighted rows with `--sink D` sink dimensions, default
 * hidden / 8, see idfSinkTable; `--sink 0` for plain PPMI + SVD rows; its graded pairs train
 * CoSENT, and the pairs scored ≥ 4 also train InfoNCE, batches drawn in proportion to the
 * sources' sizes; `--simcse W` adds SimCSE over the train sentences with W times the scored
 * pairs' weight), evaluates Spearman×100 on stsb-en-dev.csv, and prints it beside TF-IDF
 * cosine baselines computed here (word unigrams and character 2–4-grams, fitted on train+dev
 * sentences as DESIGN's probes did) and the training time.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { spearman } from "@/lib/train/evaluators/rank-correlation";
import type { PairFile } from "@/lib/train/pairs/pair-file";
import { runTraining } from "@/lib/train/trainer/train-run";
import { charGrams, readSts, tfidfCosines, words, type Row } from "@/bench/train-shared/sts-baselines";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const flag = (name: string) => process.argv.includes(`--${name}`);

const x100 = (v: number) => (v * 100).toFixed(1);

async function main(): Promise<void> {
  const train = readSts("stsb-en-train.csv");
  const dev = readSts("stsb-en-dev.csv");
  const gold = dev.map((r) => r[2]);
  const sentences = [...train, ...dev].flatMap((r) => [r[0], r[1]]);
  const tfidfWord = spearman(tfidfCosines(sentences, dev, words), gold);
  const tfidfChar = spearman(tfidfCosines(sentences, dev, charGrams), gold);
  const tfidfCharSublinear = spearman(tfidfCosines(sentences, dev, charGrams, true), gold);
  console.log(`TF-IDF cosine, word unigrams:     ${x100(tfidfWord)}`);
  console.log(
    `TF-IDF cosine, char 2–4-grams:    ${x100(tfidfChar)} (char_wb; ${x100(tfidfCharSublinear)} with sublinear tf)`,
  );

  const scored = (rows: Row[]): PairFile => ({
    shape: "scored",
    skipped: 0,
    examples: rows.map(([a, b, score]) => ({ kind: "scored", a, b, score })),
  });
  const runDir = mkdtempSync(path.join(os.tmpdir(), "cognate-sts-scratch-"));
  const epochs = Number(arg("epochs") ?? 8);
  const batchSize = Number(arg("batch") ?? 64);
  const simcse = arg("simcse") === undefined ? 0 : Number(arg("simcse"));
  const sink = arg("sink") === undefined ? undefined : Number(arg("sink"));
  const trainSentences = [...new Set(train.flatMap((r) => [r[0], r[1]]))];
  const started = performance.now();
  try {
    const result = await runTraining(
      {
        base: { kind: "scratch" },
        // The train sentences as a corpus, one passage each, when SimCSE draws from them.
        documents:
          simcse > 0
            ? trainSentences.map((text, id) => ({ id, title: "", metadata: {}, passages: [{ id, text }] }))
            : [],
        pairFile: scored(train),
        evalPairs: scored(dev),
        runDir,
        options: {
          epochs,
          batchSize,
          lr: Number(arg("lr") ?? 1e-3),
          maxLength: 64,
          workers: arg("workers") === undefined ? undefined : Number(arg("workers")),
          evalFraction: 0,
          evalEvery: Number(arg("eval-every") ?? 50),
          patience: 0,
          exportOnnx: false,
          seed: 1,
          // Batches from each source in proportion to its size: every scored pair and every
          // positive is seen about once per epoch (round-robin would repeat the 1,405 positives 4×).
          mixing: flag("round-robin") ? "round-robin" : "weighted",
          sourceWeights: {
            "file-scored": train.length,
            "file-positives": train.filter((r) => r[2] >= 4).length,
            ...(simcse > 0 ? { simcse: simcse * train.length } : {}),
          },
          ...(simcse > 0 ? { sources: ["file" as const, "simcse" as const] } : {}),
          scratch: {
            vocabSize: Number(arg("vocab") ?? 12000),
            hidden: Number(arg("hidden") ?? 256),
            layers: Number(arg("layers") ?? 2),
            heads: 4,
            warmStart: !flag("no-warm-start"),
            warmStartScale: Number(arg("warm-start-scale") ?? 1),
            zeroResidual: !flag("no-zero-residual"),
            sinkDims: sink,
            idfPower: Number(arg("idf-power") ?? 1.5),
            corpusShare: Number(arg("corpus-share") ?? 0),
          },
        },
      },
      {
        log: (line) => console.log(line),
        onEvaluation: (e, improved) =>
          console.log(
            `  step ${e.step}: dev Spearman ${x100(e.metrics.sts_spearman)}${improved ? " (best)" : ""} · ${((performance.now() - started) / 1000).toFixed(0)} s`,
          ),
      },
    );
    const seconds = (performance.now() - started) / 1000;
    const dense = result.metrics.sts_spearman;
    console.log(
      `scratch encoder, before training: ${x100(result.baseline.sts_spearman)}  (${flag("no-warm-start") ? "random initialisation" : sink === 0 ? "PPMI-SVD warm start" : "IDF-weighted warm start"})`,
    );
    console.log(
      `scratch encoder, trained:         ${x100(dense)}  (best of ${result.steps} steps at step ${result.bestStep}; ${epochs} epochs, batch ${batchSize}, ${result.backend} × ${result.workers})`,
    );
    console.log(
      `training time:                    ${seconds.toFixed(0)} s (including vocabulary, warm start and evaluations)`,
    );
    const floor = Math.max(tfidfWord, tfidfChar, tfidfCharSublinear);
    console.log(
      `target (beat the best TF-IDF, ${x100(floor)}): ${dense > floor ? "reached" : "not reached"} (${dense > floor ? "+" : ""}${x100(dense - floor)})`,
    );
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}

await main();
