import { bertConfig, type BertConfig } from "@/lib/model/bert/bert-config";
import { seededRandom } from "@/lib/core/random";
import { randomBertWeights } from "@/lib/model/bert/random-weights";
import type { Weights } from "@/lib/model/store/safetensors";

/** A tiny BERT config for tests. */
export function tinyConfig(hidden: number, layers: number, heads: number, vocab = 60): BertConfig {
  return bertConfig({
    vocab_size: vocab,
    hidden_size: hidden,
    num_hidden_layers: layers,
    num_attention_heads: heads,
    intermediate_size: hidden * 2,
    max_position_embeddings: 32,
  });
}

/**
 * Random weights where every tensor matters: larger than BERT's init (so that the layers are
 * far from linear), and random biases and LayerNorm parameters (which start at 0 and 1 in
 * `randomBertWeights`, where a bias or gamma/beta mix-up would go unseen).
 */
export function testWeights(config: BertConfig, seed = 7): Weights {
  const w = randomBertWeights(config, seed, 0.15);
  const rand = seededRandom(seed + 1000);
  for (const [name, t] of w) {
    if (name.endsWith(".bias")) t.data.forEach((_, i) => (t.data[i] = (rand() - 0.5) * 0.4));
    if (name.endsWith("LayerNorm.weight")) t.data.forEach((_, i) => (t.data[i] = 0.7 + rand() * 0.6));
  }
  return w;
}

/** A padded batch: `[batch][seq]` ids (0 on padding), mask and token types (segment B after position 2). */
export interface Batch {
  ids: number[][];
  mask: number[][];
  types: number[][];
}

/** Sequences of the given lengths, padded to the longest, with ids drawn from `[1, vocab)`. */
export function exampleBatch(lengths: number[], vocab: number, seed = 3): Batch {
  const rand = seededRandom(seed);
  const seq = Math.max(...lengths);
  const ids = lengths.map((len) =>
    Array.from({ length: seq }, (_, i) => (i < len ? 1 + Math.floor(rand() * (vocab - 1)) : 0)),
  );
  const mask = lengths.map((len) => Array.from({ length: seq }, (_, i) => (i < len ? 1 : 0)));
  const types = lengths.map((len) => Array.from({ length: seq }, (_, i) => (i >= 2 && i < len ? 1 : 0)));
  return { ids, mask, types };
}

/** Largest absolute difference between two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
