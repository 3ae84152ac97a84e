import { seededRandom } from "@/lib/core/random";

/**
 * Runs `fn` with `Math.random` replaced by a generator seeded with `seed`, then restores it.
 *
 * TensorFlow.js seeds each dropout mask from `Math.random()` (`tf.dropout` without a seed),
 * and the encoder's layers do not take one: within this call the masks become a function of
 * `seed`. That makes training reproducible, and lets GradCache recompute a forward pass
 * with exactly the masks of the pass whose embeddings the loss saw. `fn` must be
 * synchronous (TF.js ops are), or the replacement would leak into other work.
 */
export function withSeededRandom<T>(seed: number, fn: () => T): T {
  const original = Math.random;
  Math.random = seededRandom(seed);
  try {
    return fn();
  } finally {
    Math.random = original;
  }
}
