import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "@/lib/model/kernels/backend";
import type { Tokenizer } from "@/lib/model/tokenizer/tokenizer";
import { createTrainingEngine } from "@/lib/train/parallel/create-engine";
import { InProcessHost } from "@/lib/train/trainer/replica-host";
import { TrainingEngine } from "@/lib/train/trainer/training-engine";
import {
  INFONCE,
  maxWeightDiff,
  pairBatch,
  tinySetup,
  tinyTokenizer,
} from "@/tests/unit/train/trainer/engine-fixtures";

let tokenizer: Tokenizer;
beforeAll(async () => {
  await initBackend("wasm");
  tokenizer = await tinyTokenizer();
});

const engines: TrainingEngine[] = [];
afterAll(async () => {
  await Promise.all(engines.map((e) => e.dispose()));
});

function local(setup: ReturnType<typeof tinySetup>): TrainingEngine {
  const engine = new TrainingEngine([new InProcessHost(setup)], setup.loss, setup.config.hidden_size);
  engines.push(engine);
  return engine;
}

describe("data-parallel training over worker threads", () => {
  it("gives the same update as one thread accumulating the same shards (per-shard in-batch loss)", async () => {
    const setup = tinySetup(); // dropout on: both engines draw the same masks from the shard seeds
    const single = local(setup);
    const parallel = await createTrainingEngine(setup, 2);
    engines.push(parallel);
    expect(parallel.parallelism).toBe(2);
    for (let step = 0; step < 3; step++) {
      const batch = pairBatch(tokenizer, 12, 100 + step, 1);
      const request = { batch, learningRate: 2e-3, maxGradNorm: 1, seed: step };
      const a = await single.step({ ...request, accumulation: 2 });
      const b = await parallel.step(request);
      expect(b.loss).toBeCloseTo(a.loss, 5);
      expect(b.gradNorm).toBeCloseTo(a.gradNorm, 4);
    }
    const [wa, wb] = [await single.getState(), await parallel.getState()];
    expect(maxWeightDiff(wa.weights, wb.weights)).toBeLessThan(1e-5);
    // Every replica applied the same update: the second worker holds the same weights.
    expect(maxWeightDiff(wb.weights, (await parallel.hosts[1].getState()).weights)).toBe(0);
    expect(wa.optimizer.slots[0].step).toBe(3);
  });

  it("with full-batch negatives (GradCache), equals one thread on the whole batch", async () => {
    const setup = tinySetup({ dropout: 0, loss: { ...INFONCE, symmetric: true } });
    const single = local(setup);
    const parallel = await createTrainingEngine(setup, 2);
    engines.push(parallel);
    const batch = pairBatch(tokenizer, 10, 7, 1);
    // Per-shard losses see half the negatives each: a different (lower) loss than the full batch's.
    const perShard = local(setup);
    const halves = await perShard.step({ batch, learningRate: 2e-3, seed: 1, accumulation: 2 });
    const a = await single.step({ batch, learningRate: 2e-3, seed: 1 });
    expect(halves.loss).toBeLessThan(a.loss - 0.1);
    const b = await parallel.step({ batch, learningRate: 2e-3, seed: 1, fullBatch: true, accumulation: 2 });
    expect(b.loss).toBeCloseTo(a.loss, 4);
    expect(b.gradNorm / a.gradNorm).toBeCloseTo(1, 3);
    expect(maxWeightDiff((await single.getState()).weights, (await parallel.getState()).weights)).toBeLessThan(2e-5);
  });
});
