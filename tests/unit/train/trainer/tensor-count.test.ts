import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "@/lib/model/kernels/backend";
import type { Tokenizer } from "@/lib/model/tokenizer/tokenizer";
import type { LossName } from "@/lib/train/trainer/batch-loss";
import { InProcessHost } from "@/lib/train/trainer/replica-host";
import { TrainingEngine } from "@/lib/train/trainer/training-engine";
import { INFONCE, pairBatch, scoredBatch, tinySetup, tinyTokenizer } from "@/tests/unit/train/trainer/engine-fixtures";

let tokenizer: Tokenizer;
const engines: TrainingEngine[] = [];
beforeAll(async () => {
  await initBackend("wasm");
  tokenizer = await tinyTokenizer();
});
afterAll(async () => {
  await Promise.all(engines.map((e) => e.dispose()));
});

function engine(loss: LossName, learnableTemperature?: number): TrainingEngine {
  const setup = tinySetup({ loss: { ...INFONCE, loss }, learnableTemperature });
  const e = new TrainingEngine([new InProcessHost(setup)], setup.loss, setup.config.hidden_size);
  engines.push(e);
  return e;
}

describe("training steps", () => {
  it.each(["infonce", "triplet", "margin", "cosent"] as const)(
    "keep the tensor count flat (%s, with negatives, scored batches, accumulation, GradCache)",
    async (loss) => {
      const e = engine(loss);
      const run = async (i: number) => {
        const batch = i % 3 === 2 ? scoredBatch(tokenizer, 8, i) : pairBatch(tokenizer, 8, i, i % 2);
        const result = await e.step({
          batch,
          learningRate: 1e-3,
          maxGradNorm: 1,
          seed: i,
          accumulation: 1 + (i % 2),
          fullBatch: i % 4 === 3,
        });
        expect(Number.isFinite(result.loss)).toBe(true);
        await e.embed([batch.roles[0]]);
      };
      for (let i = 0; i < 4; i++) await run(i);
      const before = tf.memory().numTensors;
      for (let i = 4; i < 8; i++) await run(i);
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it("learn a learnable temperature and save it with the state", async () => {
    const e = engine("infonce", 0.1);
    for (let i = 0; i < 3; i++) await e.step({ batch: pairBatch(tokenizer, 8, i), learningRate: 1e-2, seed: i });
    const state = await e.getState();
    expect(state.temperature).toBeGreaterThan(0.01);
    expect(state.temperature).not.toBeCloseTo(0.1, 6);
    expect(state.optimizer.slots.some((s) => s.name === "logit_scale")).toBe(true);
  });
});
