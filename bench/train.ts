/**
 * Training throughput: `npm run bench -- train [--seconds S] [--workers W] [--pairs P] [--seq L]`.
 *
 * A model of MiniLM-L6's shape (6 layers, hidden 384, 12 heads, FFN 1536, vocabulary 30,522)
 * with random weights; one step = forward + backward + AdamW on 32 (anchor, positive) pairs
 * of 32 tokens under InfoNCE, i.e. 64 sequences. Measured in this process on the best TF.js
 * backend in one thread, then data-parallel over W worker threads (default: every core), and
 * printed as sequences per second beside PyTorch's 29.4 on this machine (same shape and batch).
 */
import { availableParallelism, loadavg } from "node:os";
import { backendLabel, initBackend } from "@/lib/model/kernels/backend";
import { bertConfig, MINILM_L6_SHAPE } from "@/lib/model/bert/bert-config";
import { randomBertWeights } from "@/lib/model/bert/random-weights";
import { createTrainingEngine } from "@/lib/train/parallel/create-engine";
import type { ReplicaSetup } from "@/lib/train/trainer/model-replica";
import type { TrainingBatch } from "@/lib/train/trainer/training-batch";
import type { StepPhases, TrainingEngine } from "@/lib/train/trainer/training-engine";
import { randomPairBatch } from "@/bench/train-shared/random-pair-batch";

/** PyTorch on this machine: MiniLM-L6 shape, 32 pairs × 32 tokens, forward + backward + AdamW (measured by the author). */
const PYTORCH_SEQ_PER_S = 29.4;
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const seconds = arg("seconds", 20);
const pairs = arg("pairs", 32);
const seq = arg("seq", 32);
const workers = arg("workers", availableParallelism());

interface Measured {
  rate: number;
  steps: number;
  lastLoss: number;
  /** Median ms per step of each phase, of the rest, and of the whole step. */
  phases: StepPhases & { other: number; step: number };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Sequences per second over at least `seconds` (and 2 steps), after one warm-up step. */
async function measure(engine: TrainingEngine, b: TrainingBatch): Promise<Measured> {
  const step = (i: number) => engine.step({ batch: b, learningRate: 1e-4, maxGradNorm: 1, seed: i });
  await step(0);
  let steps = 0;
  let lastLoss = NaN;
  const timings: (StepPhases & { other: number; step: number })[] = [];
  const started = performance.now();
  while (steps < 2 || performance.now() - started < seconds * 1000) {
    const t = performance.now();
    const r = await step(++steps);
    lastLoss = r.loss;
    const ms = performance.now() - t;
    timings.push({ ...r.phases, other: ms - r.phases.gradients - r.phases.exchange - r.phases.update, step: ms });
  }
  const phases = { gradients: 0, exchange: 0, update: 0, other: 0, step: 0 };
  for (const k of Object.keys(phases) as (keyof typeof phases)[]) phases[k] = median(timings.map((p) => p[k]));
  return { rate: (2 * pairs * steps) / ((performance.now() - started) / 1000), steps, lastLoss, phases };
}

/** One line: where the median step's time went. */
function phaseLine(m: Measured): string {
  const { gradients, exchange, update, other, step } = m.phases;
  return `    per step (medians, ms): step ${step.toFixed(0)} · forward+backward ${gradients.toFixed(0)} · gradient exchange ${exchange.toFixed(0)} · AdamW ${update.toFixed(0)} · other ${other.toFixed(0)} · load ${loadavg()[0].toFixed(1)}`;
}

async function main(): Promise<void> {
  const backend = await initBackend();
  const config = bertConfig({ ...MINILM_L6_SHAPE });
  const setup: ReplicaSetup = {
    config,
    weights: randomBertWeights(config, 7),
    loss: { loss: "infonce", similarity: "cosine", temperature: 0.05, symmetric: false, shareNegatives: true },
    weightDecay: 0.01,
    normalize: true,
  };
  const b = randomPairBatch(pairs, seq, config.vocab_size);
  console.log(
    `MiniLM-L6 shape, ${pairs} pairs × ${seq} tokens (${2 * pairs} sequences) per step, forward + backward + AdamW; ${availableParallelism()} cores, load ${loadavg()[0].toFixed(1)}`,
  );
  const single = await createTrainingEngine(setup, 1);
  const one = await measure(single, b);
  await single.dispose();
  console.log(
    `${backendLabel(backend)}, one thread:        ${one.rate.toFixed(2)} seq/s (${one.steps} steps, loss ${one.lastLoss.toFixed(3)}) · ${(one.rate / PYTORCH_SEQ_PER_S).toFixed(2)}× PyTorch (${PYTORCH_SEQ_PER_S} seq/s)`,
  );
  console.log(phaseLine(one));
  if (workers > 1) {
    const parallel = await createTrainingEngine(setup, workers);
    const many = await measure(parallel, b);
    await parallel.dispose();
    console.log(
      `${backendLabel(backend)}, ${workers} worker threads:   ${many.rate.toFixed(2)} seq/s (${many.steps} steps, loss ${many.lastLoss.toFixed(3)}) · ${(many.rate / PYTORCH_SEQ_PER_S).toFixed(2)}× PyTorch · ${(many.rate / one.rate).toFixed(2)}× one thread`,
    );
    console.log(phaseLine(many));
  }
}

await main();
