import { seededRandom } from "@/lib/core/random";
import type { PairExample, ScoredExample } from "@/lib/train/pairs/training-example";

/** Words with a synonym each, from the tiny test vocabulary: a paraphrase swaps them. */
const SYNONYMS: [string, string][] = [
  ["man", "person"],
  ["woman", "girl"],
  ["dog", "cat"],
  ["car", "bus"],
  ["plays", "play"],
  ["guitar", "piano"],
  ["big", "large"],
  ["small", "little"],
  ["eats", "eat"],
  ["house", "room"],
  ["runs", "walks"],
  ["road", "street"],
  ["red", "blue"],
  ["ball", "game"],
  ["river", "sea"],
  ["sits", "stands"],
  ["young", "old"],
  ["book", "song"],
];
const FILLER = ["the", "a", "is", "on", "in", "with", "and"];

/** A sentence of `n` content words (indexes into {@link SYNONYMS}) with filler words between them. */
function sentence(content: number[], side: 0 | 1, random: () => number): string {
  return content.map((c) => `${FILLER[Math.floor(random() * FILLER.length)]} ${SYNONYMS[c][side]}`).join(" ");
}

/**
 * A paraphrase task the tiny model cannot solve by surface overlap: the positive uses the
 * synonym of every content word (different tokens), so only a model that learns the
 * synonym pairs matches anchor and positive.
 */
export function syntheticPairs(count: number, seed: number): PairExample[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const content = Array.from({ length: 3 }, () => Math.floor(random() * SYNONYMS.length));
    return { kind: "pair", anchor: sentence(content, 0, random), positive: sentence(content, 1, random) };
  });
}

/** Graded pairs of the same task: paraphrase 1, one of three content words changed 0.67, two 0.33, all 0. */
export function syntheticScoredPairs(count: number, seed: number): ScoredExample[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const content = Array.from({ length: 3 }, () => Math.floor(random() * SYNONYMS.length));
    const changed = i % 4;
    const other = content.map((c, j) =>
      j < changed ? (c + 1 + Math.floor(random() * (SYNONYMS.length - 1))) % SYNONYMS.length : c,
    );
    return { kind: "scored", a: sentence(content, 0, random), b: sentence(other, 1, random), score: (3 - changed) / 3 };
  });
}
