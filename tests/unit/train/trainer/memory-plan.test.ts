import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "@/lib/model/kernels/backend";
import { bertConfig, MINILM_L6_SHAPE } from "@/lib/model/bert/bert-config";
import type { Tokenizer } from "@/lib/model/tokenizer/tokenizer";
import {
  activationBudget,
  batchActivationBytes,
  fixedBytes,
  inferenceRows,
  memoryPlanFor,
  planPieces,
  trainingBytesPerToken,
} from "@/lib/train/trainer/memory-plan";
import { InProcessHost } from "@/lib/train/trainer/replica-host";
import { tokenMatrix } from "@/lib/train/trainer/token-matrix";
import type { TrainingBatch } from "@/lib/train/trainer/training-batch";
import { TrainingEngine } from "@/lib/train/trainer/training-engine";
import { maxWeightDiff, pairBatch, tinySetup, tinyTokenizer } from "@/tests/unit/train/trainer/engine-fixtures";

const minilm = bertConfig({ ...MINILM_L6_SHAPE });
const MiB = 1048576;

/** A batch of `pairs` pairs of `seq` tokens (only the shape matters to the plan). */
function shapeBatch(pairs: number, seq: number): TrainingBatch {
  const m = { ids: new Int32Array(pairs * seq), mask: new Int32Array(pairs * seq).fill(1), rows: pairs, seqLen: seq };
  return { kind: "pair", roles: [m, m], rows: pairs, negativesPerAnchor: 0, textIds: [[], []] };
}

describe("the memory plan", () => {
  it("matches the measured activation cost of MiniLM-L6 (about 2.1 MiB per token at 128 tokens)", () => {
    expect(trainingBytesPerToken(minilm, 128) / MiB).toBeCloseTo(2.12, 1);
    expect(trainingBytesPerToken(minilm, 64)).toBeLessThan(trainingBytesPerToken(minilm, 128));
    // Weights, two moments, gradients, AdamW's temporaries and the dense embedding gradients: about 0.7 GiB.
    expect(fixedBytes(minilm) / MiB).toBeGreaterThan(650);
    expect(fixedBytes(minilm) / MiB).toBeLessThan(800);
  });

  it("cuts 32 pairs × 128 tokens into one pair per piece, shorter texts into fewer, and leaves short batches whole", () => {
    const plan = memoryPlanFor("wasm", minilm)!;
    const big = shapeBatch(32, 128);
    expect(batchActivationBytes(big, minilm) / MiB).toBeGreaterThan(16_000);
    // GradCache back-propagates one role of a piece at a time: one sequence of 128 tokens fits the ~300 MiB left of 1 GiB.
    expect(planPieces(big, plan, 1, 1, true)).toEqual({ pieces: 32, gradCache: true });
    expect(planPieces(big, plan, 2, 1, true)).toEqual({ pieces: 16, gradCache: true });
    // Without GradCache (a learnable τ) a piece holds both roles: the same floor of one pair.
    expect(planPieces(big, plan, 1, 1, false)).toEqual({ pieces: 32, gradCache: false });
    const short = planPieces(shapeBatch(32, 32), plan, 1, 1, true);
    expect(short.gradCache).toBe(true);
    expect(short.pieces).toBeGreaterThan(2);
    expect(short.pieces).toBeLessThan(planPieces(shapeBatch(32, 32), plan, 1, 1, false).pieces);
    expect(batchActivationBytes(shapeBatch(Math.ceil(32 / short.pieces), 32), minilm) / 2).toBeLessThanOrEqual(
      activationBudget(plan) * 1.1,
    );
    // Batches that fit keep the requested accumulation and the plain path.
    expect(planPieces(shapeBatch(4, 16), plan, 1, 1, true)).toEqual({ pieces: 1, gradCache: false });
    expect(planPieces(shapeBatch(4, 16), plan, 1, 3, true)).toEqual({ pieces: 3, gradCache: false });
  });

  it("bounds forward passes without gradients too, and has no plan on GPU backends unless asked", () => {
    const plan = memoryPlanFor("wasm", minilm)!;
    expect(inferenceRows({ seqLen: 128 }, plan)).toBeGreaterThanOrEqual(1);
    expect(inferenceRows({ seqLen: 128 }, plan)).toBeLessThan(64);
    expect(memoryPlanFor("tensorflow-gpu", minilm)).toBeUndefined();
    expect(memoryPlanFor("webgpu", minilm, 2048)?.budgetBytes).toBe(2048 * MiB);
  });
});

describe("a training engine under a memory plan", () => {
  let tokenizer: Tokenizer;
  const engines: TrainingEngine[] = [];
  beforeAll(async () => {
    await initBackend("wasm");
    tokenizer = await tinyTokenizer();
  });
  afterAll(async () => Promise.all(engines.map((e) => e.dispose())));

  it("splits a batch that does not fit into pieces with full-batch negatives: the same step as one piece", async () => {
    const setup = tinySetup({ dropout: 0 });
    const whole = new TrainingEngine([new InProcessHost(setup)], setup.loss, 32);
    // A budget so small that every row is its own piece.
    const tight = new TrainingEngine([new InProcessHost(setup)], setup.loss, 32, undefined, {
      memory: { config: setup.config, budgetBytes: 1 },
      gradCache: true,
    });
    engines.push(whole, tight);
    for (let step = 0; step < 2; step++) {
      const batch = pairBatch(tokenizer, 6, 50 + step);
      const a = await whole.step({ batch, learningRate: 2e-3, maxGradNorm: 1, seed: step });
      const b = await tight.step({ batch, learningRate: 2e-3, maxGradNorm: 1, seed: step });
      expect(a.pieces).toBe(1);
      expect(b.pieces).toBe(6);
      expect(b.loss).toBeCloseTo(a.loss, 4);
      expect(b.gradNorm).toBeCloseTo(a.gradNorm, 3);
    }
    expect(maxWeightDiff((await whole.getState()).weights, (await tight.getState()).weights)).toBeLessThan(1e-4);
    // Embedding in row slices gives the vectors of one pass.
    const m = tokenMatrix(tokenizer, ["a man plays the guitar", "two dogs run in the park", "the bus is red"], 32);
    const [x] = await whole.embed([m]);
    const [y] = await tight.embed([m]);
    expect(Math.max(...x.map((v, i) => Math.abs(v - y[i])))).toBeLessThan(1e-5);
  });
});
