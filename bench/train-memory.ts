/**
 * Peak WASM memory of one training step: `npm run bench -- train-memory [--pairs 32] [--seq 128] [--pieces 1] [--budget MB]`.
 *
 * A model of MiniLM-L6's shape (6 layers, hidden 384, vocabulary 30,522) with random weights,
 * one replica in this thread on the WASM backend; one step of InfoNCE on `pairs` (anchor,
 * positive) pairs of `seq` tokens, computed in `pieces` pieces (GradCache, so the loss still
 * sees the whole batch), or in as many pieces as the memory plan of `--budget MB` asks for
 * (lib/train/trainer/memory-plan.ts). The WASM heap never shrinks, so its size after the step is the
 * step's peak. Run each setting in a fresh process.
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "@/lib/model/kernels/backend";
import { bertConfig, MINILM_L6_SHAPE } from "@/lib/model/bert/bert-config";
import { randomBertWeights } from "@/lib/model/bert/random-weights";
import { createTrainingEngine } from "@/lib/train/parallel/create-engine";
import { memoryPlanFor } from "@/lib/train/trainer/memory-plan";
import { randomPairBatch } from "@/bench/train-shared/random-pair-batch";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const pairs = arg("pairs", 32);
const seq = arg("seq", 128);
const pieces = arg("pieces", 1);
const steps = arg("steps", 1);
const budget = arg("budget", 0);

/** Bytes of the WASM backend's linear memory (it only grows). */
function wasmHeapBytes(): number {
  const backend = tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } };
  return backend.wasm?.HEAPU8?.buffer.byteLength ?? NaN;
}

const mib = (b: number) => `${(b / 1048576).toFixed(0)} MiB`;

async function main(): Promise<void> {
  const backend = await initBackend();
  const config = bertConfig({ ...MINILM_L6_SHAPE });
  const engine = await createTrainingEngine(
    {
      config,
      weights: randomBertWeights(config, 7),
      loss: { loss: "infonce", similarity: "cosine", temperature: 0.05, symmetric: false, shareNegatives: true },
      weightDecay: 0.01,
      normalize: true,
    },
    1,
    { memory: budget > 0 ? memoryPlanFor("wasm", config, budget) : undefined },
  );
  const batch = randomPairBatch(pairs, seq, config.vocab_size);
  const before = wasmHeapBytes();
  console.log(
    `${backend}: MiniLM-L6 shape, ${pairs} pairs × ${seq} tokens, ${budget > 0 ? `memory budget ${budget} MiB` : `${pieces} piece(s)`}; heap after loading ${mib(before)}`,
  );
  for (let s = 0; s < steps; s++) {
    const t0 = performance.now();
    try {
      const r = await engine.step({
        batch,
        accumulation: pieces,
        fullBatch: pieces > 1,
        learningRate: 1e-4,
        maxGradNorm: 1,
        seed: s,
      });
      console.log(
        `step ${s + 1}: ${r.pieces} piece(s), loss ${r.loss.toFixed(4)} in ${((performance.now() - t0) / 1000).toFixed(1)} s; WASM heap ${mib(wasmHeapBytes())}, RSS ${mib(process.memoryUsage().rss)}, tensors ${tf.memory().numTensors}`,
      );
    } catch (err) {
      console.log(
        `step ${s + 1} failed after ${((performance.now() - t0) / 1000).toFixed(1)} s with WASM heap ${mib(wasmHeapBytes())}: ${(err as Error).message}`,
      );
      process.exitCode = 1;
      break;
    }
  }
  await engine.dispose();
}

await main();
