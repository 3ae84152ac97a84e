import type { Tokenizer } from "@/lib/model/tokenizer/tokenizer";
import { BatchSampler, type WeightedSource } from "@/lib/train/pairs/batch-sampler";
import type { EvalSets } from "@/lib/train/trainer/eval-sets";
import { encodeBatch, sequenceCount } from "@/lib/train/trainer/training-batch";
import type { TrainingEngine } from "@/lib/train/trainer/training-engine";
import type { TrainerOptions } from "@/lib/train/trainer/trainer-options";

/** Steps timed to measure the speed of a step; the first one (allocations, kernel set-up) is not counted. */
const TIMED_STEPS = 3;
/** Evaluations in a run: every tenth of it and the start (see `trainerSettings`). */
const EVALUATIONS = 11;
/** Share of the budget planned for training steps; the rest absorbs noise in the estimate. */
const PLANNED_SHARE = 0.9;

/**
 * Seconds one optimiser step takes on this machine with this model, measured on real batches
 * at a learning rate of 0, with the weights and optimiser state put back afterwards.
 * @returns seconds per step, and sequences per step
 */
export async function measureStep(
  engine: TrainingEngine,
  tokenizer: Tokenizer,
  sources: readonly WeightedSource[],
  options: TrainerOptions,
): Promise<{ seconds: number; sequences: number }> {
  const saved = await engine.getState();
  const sampler = new BatchSampler(sources, { seed: options.seed + 1, mixing: options.mixing });
  const times: number[] = [];
  let sequences = 0;
  try {
    for (let i = 0; i < TIMED_STEPS; i++) {
      const batch = encodeBatch(tokenizer, sampler.next(options.batchSize), options.maxLength);
      const began = performance.now();
      await engine.step({
        batch,
        accumulation: options.accumulation,
        fullBatch: options.fullBatchNegatives,
        learningRate: 0,
        maxGradNorm: options.maxGradNorm,
        seed: options.seed,
      });
      if (i > 0) times.push((performance.now() - began) / 1000);
      sequences = Math.max(sequences, sequenceCount(batch));
    }
  } finally {
    await engine.restore(saved);
  }
  return { seconds: times.reduce((a, b) => a + b, 0) / times.length, sequences };
}

/** Texts embedded at each evaluation. */
function evaluationTexts(sets: EvalSets): number {
  return (
    (sets.sts ? sets.sts.a.length + sets.sts.b.length : 0) +
    (sets.retrieval ? sets.retrieval.queries.length + sets.retrieval.corpus.length : 0) +
    (sets.clustering?.texts.length ?? 0)
  );
}

/**
 * The steps that fit in `seconds`: evaluations cost about a third of a training step per
 * sequence (forward only), the rest goes to steps; never more than `most`, at least 10.
 */
export function stepsWithin(
  seconds: number,
  step: { seconds: number; sequences: number },
  evalSets: EvalSets,
  most: number,
): number {
  const perSequence = step.seconds / Math.max(1, step.sequences);
  const evaluating = (EVALUATIONS * evaluationTexts(evalSets) * perSequence) / 3;
  const steps = Math.floor((PLANNED_SHARE * seconds - evaluating) / Math.max(1e-3, step.seconds));
  return Math.max(10, Math.min(most, steps));
}
