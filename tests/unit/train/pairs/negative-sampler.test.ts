import { describe, expect, it } from "vitest";
import { filterText, isFalseNegative } from "@/lib/train/negatives/false-negative-filter";
import { neighbourIndex } from "@/lib/train/negatives/nearest-neighbours";
import { NegativeSampler } from "@/lib/train/negatives/negative-sampler";
import { textKey, wordOverlap, wordSet } from "@/lib/train/negatives/text-key";
import type { ExampleBatch } from "@/lib/train/pairs/batch-sampler";
import type { PairExample } from "@/lib/train/pairs/training-example";

// Distinct words per passage, so that only the rules under test (not word overlap) decide.
const pool = Array.from({ length: 60 }, (_, i) => `alpha${i} beta${i} gamma${i} delta${i} topic ${i % 6}`);
const batch = (n: number): ExampleBatch => ({
  source: "t",
  kind: "pair",
  examples: Array.from({ length: n }, (_, i): PairExample => ({
    kind: "pair",
    anchor: `anchor text ${i}`,
    positive: pool[i],
  })),
});
const ctx = { step: 0, totalSteps: 10 };

function batchTexts(b: ExampleBatch): string[] {
  return [
    ...b.examples.flatMap((e) => (e.kind === "pair" ? [e.anchor, e.positive] : [])),
    ...(b.negatives?.texts ?? []),
  ];
}

describe("false-negative filter", () => {
  it("rejects duplicates, near-identical texts and candidates above the similarity ceiling", () => {
    const anchor = filterText("How do I water tomato plants?");
    const positive = filterText("Water tomatoes deeply twice a week.");
    expect(isFalseNegative(filterText("how do I water tomato plants"), anchor, positive)).toBe(true); // same text up to case/punctuation
    expect(isFalseNegative(filterText("Water the tomatoes deeply twice a week."), anchor, positive)).toBe(true); // near-identical
    expect(isFalseNegative(filterText("Prune roses in late winter."), anchor, positive)).toBe(false);
    expect(
      isFalseNegative(
        filterText("Prune roses in late winter."),
        anchor,
        positive,
        {},
        { candidate: 0.79, positive: 0.8 },
      ),
    ).toBe(true);
    expect(
      isFalseNegative(
        filterText("Prune roses in late winter."),
        anchor,
        positive,
        {},
        { candidate: 0.5, positive: 0.8 },
      ),
    ).toBe(false);
    expect(textKey(" Héllo,  World! ")).toBe("hello world");
    expect(wordOverlap(wordSet("a b c d"), wordSet("a b c e"))).toBeCloseTo(3 / 5);
  });
});

describe("NegativeSampler", () => {
  it("gives every anchor exactly the fixed number of negatives, none repeating a batch text", async () => {
    const sampler = new NegativeSampler(pool, { mode: "random", perAnchor: 3 }, 7);
    const filled = await sampler.fill(batch(8), ctx);
    expect(filled.negatives!.perAnchor).toBe(3);
    expect(filled.negatives!.texts).toHaveLength(24);
    const keys = batchTexts(filled).map(textKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("gives a shared list of round(ratio · pairs) negatives under a ratio", async () => {
    const sampler = new NegativeSampler(pool, { mode: "random", ratio: 0.5 }, 7);
    const filled = await sampler.fill(batch(10), ctx);
    expect(filled.negatives).toMatchObject({ perAnchor: 0 });
    expect(filled.negatives!.texts).toHaveLength(5);
  });

  it("uses uploaded negatives first and leaves in-batch-only batches alone", async () => {
    const withOwn: ExampleBatch = {
      source: "t",
      kind: "pair",
      examples: [
        { kind: "pair", anchor: "a1", positive: "p1", negatives: ["n1"] },
        { kind: "pair", anchor: "a2", positive: "p2", negatives: ["n2", "n3"] },
      ],
    };
    expect((await new NegativeSampler(pool, { mode: "none" }, 1).fill(withOwn, ctx)).negatives).toEqual({
      texts: ["n1", "n2"],
      perAnchor: 1,
    });
    expect((await new NegativeSampler(pool, { mode: "none" }, 1).fill(batch(4), ctx)).negatives).toBeUndefined();
  });

  it("mines the nearest pool texts under the current model, filters false negatives, and re-mines every N steps", async () => {
    // A fake model: texts about topic t point along axis t; anchors along their positive's axis.
    const topic = (text: string) =>
      Number(/topic (\d+)/.exec(text)?.[1] ?? /anchor text (\d+)/.exec(text)?.[1] ?? 0) % 6;
    let embeds = 0;
    const embed = async (texts: string[]) => {
      embeds++;
      const vectors = new Float32Array(texts.length * 6);
      texts.forEach((t, i) => (vectors[i * 6 + topic(t)] = 1));
      return { vectors, dim: 6 };
    };
    const sampler = new NegativeSampler(
      pool,
      { mode: "hard", perAnchor: 2, remineEvery: 5, easyOffset: 0, ceiling: 1.01 },
      3,
    );
    const filled = await sampler.fill(batch(4), { step: 0, totalSteps: 10, embed });
    filled.negatives!.texts.forEach((text, j) => expect(topic(text)).toBe(topic(`anchor text ${Math.floor(j / 2)}`)));
    // The ceiling rule drops candidates as similar as the positive (all same-topic texts here).
    const strict = new NegativeSampler(pool, { mode: "hard", perAnchor: 2, remineEvery: 5, easyOffset: 0 }, 3);
    const strictFilled = await strict.fill(batch(4), { step: 0, totalSteps: 10, embed });
    strictFilled.negatives!.texts.forEach((text, j) =>
      expect(topic(text)).not.toBe(topic(`anchor text ${Math.floor(j / 2)}`)),
    );
    const before = sampler.lastMined;
    await sampler.fill(batch(4), { step: 3, totalSteps: 10, embed });
    expect(sampler.lastMined).toBe(before);
    await sampler.fill(batch(4), { step: 5, totalSteps: 10, embed });
    expect(sampler.lastMined).toBe(5);
    expect(embeds).toBeGreaterThan(3);
  });
});

describe("neighbour indexes for mining", () => {
  it("find the same nearest rows by exact search and, past the exact limit, by HNSW", async () => {
    const dim = 8;
    const rows = 200;
    const vectors = new Float32Array(rows * dim);
    for (let i = 0; i < vectors.length; i++) vectors[i] = (Math.sin(i * 12.9898) * 43758.5453) % 1;
    for (let r = 0; r < rows; r++) {
      const row = vectors.subarray(r * dim, (r + 1) * dim);
      const n = Math.hypot(...row);
      row.forEach((x, d) => (row[d] = x / n));
    }
    const query = vectors.slice(5 * dim, 6 * dim);
    const exact = (await neighbourIndex(vectors, dim)).search(query, 5);
    const hnsw = (await neighbourIndex(vectors, dim, 0)).search(query, 5);
    expect(exact[0]).toEqual({ row: 5, score: expect.closeTo(1, 5) });
    expect(hnsw.map((h) => h.row)).toEqual(exact.map((h) => h.row));
    expect(exact.map((h) => h.score)).toEqual([...exact.map((h) => h.score)].sort((a, b) => b - a));
  });
});
