import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { bertConfig } from "@/lib/model/bert/bert-config";
import { randomBertWeights } from "@/lib/model/bert/random-weights";
import { loadTokenizer, type Tokenizer } from "@/lib/model/tokenizer/tokenizer";
import type { LossConfig } from "@/lib/train/trainer/batch-loss";
import type { ReplicaSetup } from "@/lib/train/trainer/model-replica";
import { encodeBatch, type TrainingBatch } from "@/lib/train/trainer/training-batch";
import { tinyVocab, writeTinyModel } from "@/tests/fixtures/tiny-model";
import { syntheticPairs, syntheticScoredPairs } from "@/tests/unit/train/trainer/synthetic-task";

export const INFONCE: LossConfig = {
  loss: "infonce",
  similarity: "cosine",
  temperature: 0.05,
  symmetric: false,
  shareNegatives: true,
};

/** A replica setup for a tiny BERT over the test vocabulary; `dropout` 0 makes passes deterministic without seeds. */
export function tinySetup(
  options: { loss?: LossConfig; dropout?: number; learnableTemperature?: number } = {},
): ReplicaSetup {
  const vocab = tinyVocab();
  const dropout = options.dropout ?? 0.1;
  const config = bertConfig({
    vocab_size: vocab.length,
    hidden_size: 32,
    num_hidden_layers: 2,
    num_attention_heads: 4,
    intermediate_size: 64,
    max_position_embeddings: 64,
    hidden_dropout_prob: dropout,
    attention_probs_dropout_prob: dropout,
  });
  return {
    config,
    weights: randomBertWeights(config, 5),
    loss: options.loss ?? INFONCE,
    weightDecay: 0.01,
    normalize: true,
    learnableTemperature: options.learnableTemperature,
  };
}

/** The tiny model's tokenizer (written to a temporary folder and read back). */
export async function tinyTokenizer(): Promise<Tokenizer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cognate-tok-"));
  try {
    writeTinyModel(dir);
    return await loadTokenizer(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A pair batch of synthetic paraphrases, optionally with `k` negatives per anchor. */
export function pairBatch(tokenizer: Tokenizer, n: number, seed: number, k = 0): TrainingBatch {
  const pairs = syntheticPairs(n * (k + 1), seed);
  const examples = pairs.slice(0, n);
  const negatives = k > 0 ? { texts: pairs.slice(n).map((p) => p.positive), perAnchor: k } : undefined;
  return encodeBatch(tokenizer, { source: "test", kind: "pair", examples, negatives }, 32);
}

/** A scored batch of the synthetic task. */
export function scoredBatch(tokenizer: Tokenizer, n: number, seed: number): TrainingBatch {
  return encodeBatch(tokenizer, { source: "test", kind: "scored", examples: syntheticScoredPairs(n, seed) }, 32);
}

/** Largest absolute difference between two sets of weights. */
export function maxWeightDiff(a: Map<string, { data: Float32Array }>, b: Map<string, { data: Float32Array }>): number {
  let max = 0;
  for (const [name, t] of a) {
    const other = b.get(name)!.data;
    for (let i = 0; i < t.data.length; i++) max = Math.max(max, Math.abs(t.data[i] - other[i]));
  }
  return max;
}
