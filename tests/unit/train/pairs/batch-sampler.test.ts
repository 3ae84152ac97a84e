import { describe, expect, it } from "vitest";
import { textKey } from "@/lib/train/negatives/text-key";
import { BatchSampler } from "@/lib/train/pairs/batch-sampler";
import { listSource, simcseSource } from "@/lib/train/pairs/pair-source";
import { exampleTexts, type PairExample } from "@/lib/train/pairs/training-example";

/** Pairs over a few shared texts, so that naive batching would repeat texts. */
function overlappingPairs(n: number): PairExample[] {
  return Array.from({ length: n }, (_, i) => ({ kind: "pair", anchor: `question ${i % 7}`, positive: `Answer ${i}.` }));
}

describe("BatchSampler", () => {
  it("never puts the same text twice into a batch, and defers rather than drops", () => {
    const sampler = new BatchSampler([{ source: listSource("qa", overlappingPairs(70)) }], { seed: 1 });
    const seen = new Set<string>();
    for (let b = 0; b < 40; b++) {
      const batch = sampler.next(8);
      const keys = batch.examples.flatMap((e) => [...new Set(exampleTexts(e).map(textKey))]);
      expect(new Set(keys).size).toBe(keys.length);
      expect(batch.examples.length).toBeLessThanOrEqual(7); // only 7 distinct anchors exist
      batch.examples.forEach((e) => seen.add((e as PairExample).positive));
    }
    expect(seen.size).toBe(70); // every example came through in the end
  });

  it("alternates sources round-robin, or follows the weights", () => {
    const sources = [
      { source: listSource("a", overlappingPairs(40)), weight: 3 },
      { source: simcseSource("b", ["x", "y", "z"]), weight: 1 },
    ];
    const rr = new BatchSampler(sources, { seed: 1 });
    expect(Array.from({ length: 4 }, () => rr.next(2).source)).toEqual(["a", "b", "a", "b"]);
    const weighted = new BatchSampler(sources, { seed: 1, mixing: "weighted" });
    const names = Array.from({ length: 400 }, () => weighted.next(2).source);
    expect(names.filter((n) => n === "a").length / 400).toBeCloseTo(0.75, 1);
  });

  it("continues the exact same sequence from a saved state", () => {
    const sources = [
      { source: listSource("qa", overlappingPairs(50)) },
      { source: simcseSource("s", ["p", "q", "r", "t"]) },
    ];
    const straight = new BatchSampler(sources, { seed: 9 });
    for (let i = 0; i < 5; i++) straight.next(6);
    const saved = JSON.parse(JSON.stringify(straight.state()));
    const expected = Array.from({ length: 6 }, () => straight.next(6));
    const resumed = new BatchSampler(sources, { seed: 9 }, saved);
    expect(Array.from({ length: 6 }, () => resumed.next(6))).toEqual(expected);
  });
});
