import { selectBertWeights } from "@/lib/model/bert/bert-parameters";
import type { ModelFolder } from "@/lib/model/store/model-folder";
import type { ReplicaSetup } from "@/lib/train/trainer/model-replica";
import type { TrainerSettings } from "@/lib/train/trainer/trainer";
import { similarityName, type TrainerOptions } from "@/lib/train/trainer/trainer-options";

/** Whether served vectors are L2-normalised: yes under cosine; dot and distances train (and serve) raw vectors. */
export function normalizesEmbeddings(options: TrainerOptions): boolean {
  return similarityName(options.similarity) === "cosine";
}

/** What each model replica is built from. */
export function replicaSetup(base: ModelFolder, options: TrainerOptions): ReplicaSetup {
  return {
    config: base.config,
    weights: selectBertWeights(base.config, base.weights),
    loss: {
      loss: options.loss,
      similarity: similarityName(options.similarity),
      temperature: options.temperature,
      symmetric: options.symmetric,
      shareNegatives: options.shareNegatives,
      margin: options.margin,
    },
    weightDecay: options.weightDecay,
    normalize: normalizesEmbeddings(options),
    learnableTemperature: options.learnTemperature ? options.temperature : undefined,
  };
}

/**
 * The loop's numbers, defaults filled in: peak rate 2e-5 for a pretrained base (the
 * sentence-transformers default), 5e-4 from scratch; an evaluation every tenth of the run;
 * a checkpoint every twentieth (and at least at every evaluation).
 */
export function trainerSettings(options: TrainerOptions, totalSteps: number, fromScratch: boolean): TrainerSettings {
  const evalEvery = options.evalEvery ?? Math.max(1, Math.round(totalSteps / 10));
  return {
    totalSteps,
    batchSize: options.batchSize,
    accumulation: options.accumulation,
    fullBatch: options.fullBatchNegatives,
    maxGradNorm: options.maxGradNorm,
    maxLength: options.maxLength,
    schedule: {
      peak: options.lr ?? (fromScratch ? 5e-4 : 2e-5),
      totalSteps,
      warmupRatio: options.warmupRatio,
      decay: options.decay,
    },
    evalEvery,
    checkpointEvery: options.checkpointEvery ?? Math.max(1, Math.min(evalEvery, Math.round(totalSteps / 20))),
    patience: options.patience,
    minDelta: options.minDelta,
    seed: options.seed,
  };
}
