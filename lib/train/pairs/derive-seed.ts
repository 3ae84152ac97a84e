import { seededRandom } from "@/lib/core/random";

/**
 * A 32-bit seed derived from a base seed and any labels (a purpose, a step, an epoch),
 * by FNV-1a over the labels then a murmur3 finaliser. Every random decision of training
 * draws from its own derived stream, so that it depends on (seed, what, when) only: a
 * resumed run makes the same choices as an uninterrupted one.
 */
export function deriveSeed(seed: number, ...labels: (string | number)[]): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  const text = labels.join("\u0001");
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** A uniform [0, 1) generator for (seed, labels…); see {@link deriveSeed}. */
export function derivedRandom(seed: number, ...labels: (string | number)[]): () => number {
  return seededRandom(deriveSeed(seed, ...labels));
}

/** Fisher–Yates shuffle of 0 … n − 1 driven by `random`. */
export function shuffledIndices(n: number, random: () => number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
