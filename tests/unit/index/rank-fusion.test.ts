import { describe, expect, it } from "vitest";
import { RRF_K, reciprocalRankFusion, weightedScoreFusion } from "@/lib/index/rank-fusion";

const dense = [
  { id: 1, score: 0.9 },
  { id: 2, score: 0.8 },
  { id: 3, score: 0.5 },
];
const lexical = [
  { id: 3, score: 12 },
  { id: 4, score: 9 },
  { id: 1, score: 3 },
];

describe("reciprocalRankFusion", () => {
  it("sums 1/(k + rank) over the lists and keeps each source's rank and score", () => {
    const fused = reciprocalRankFusion({ dense, lexical });
    // 1: 1/61 + 1/63, 3: 1/63 + 1/61 (tie, broken by best rank then id), 2: 1/62, 4: 1/62
    expect(fused.map((r) => r.id)).toEqual([1, 3, 2, 4]);
    expect(fused[0].score).toBeCloseTo(1 / (RRF_K + 1) + 1 / (RRF_K + 3), 12);
    expect(fused[0].sources).toEqual({ dense: { rank: 1, score: 0.9 }, lexical: { rank: 3, score: 3 } });
    expect(fused[2].sources).toEqual({ dense: { rank: 2, score: 0.8 } });
    expect(fused[3].sources).toEqual({ lexical: { rank: 2, score: 9 } });
  });

  it("lets an id found by both engines beat one ranked first by a single engine", () => {
    const fused = reciprocalRankFusion({
      a: [
        { id: 10, score: 1 },
        { id: 20, score: 0.5 },
      ],
      b: [
        { id: 30, score: 1 },
        { id: 20, score: 0.5 },
      ],
    });
    expect(fused.map((r) => r.id)).toEqual([20, 10, 30]);
  });

  it("uses the given k and counts a duplicate id once, at its best position", () => {
    const fused = reciprocalRankFusion(
      {
        a: [
          { id: 5, score: 2 },
          { id: 5, score: 1 },
          { id: 6, score: 0 },
        ],
      },
      0,
    );
    expect(fused).toEqual([
      { id: 5, score: 1, sources: { a: { rank: 1, score: 2 } } },
      { id: 6, score: 0.5, sources: { a: { rank: 2, score: 0 } } },
    ]);
  });

  it("returns nothing for empty lists", () => {
    expect(reciprocalRankFusion({ dense: [], lexical: [] })).toEqual([]);
  });
});

describe("weightedScoreFusion", () => {
  it("min-max normalises each list and weighs dense by alpha, lexical by 1 - alpha", () => {
    const fused = weightedScoreFusion({ dense, lexical }, 0.5);
    // dense norm: 1 → 1, 2 → 0.75, 3 → 0; lexical norm: 3 → 1, 4 → 6/9, 1 → 0
    expect(fused.map((r) => r.id)).toEqual([1, 3, 2, 4]);
    expect(fused.map((r) => r.score)).toEqual([0.5, 0.5, 0.375, 1 / 3].map((s) => expect.closeTo(s, 12)));
    expect(fused[1].sources).toEqual({
      dense: { rank: 3, score: 0.5, normalized: 0 },
      lexical: { rank: 1, score: 12, normalized: 1 },
    });
  });

  it("follows alpha: dense only at 1, lexical only at 0", () => {
    expect(
      weightedScoreFusion({ dense, lexical }, 1)
        .map((r) => r.id)
        .slice(0, 3),
    ).toEqual([1, 2, 3]);
    expect(
      weightedScoreFusion({ dense, lexical }, 0)
        .map((r) => r.id)
        .slice(0, 3),
    ).toEqual([3, 4, 1]);
    expect(weightedScoreFusion({ dense, lexical }, 0.8).map((r) => r.id)).toEqual([1, 2, 3, 4]);
  });

  it("normalises a list of equal scores to 1 and copes with an empty list", () => {
    const fused = weightedScoreFusion(
      {
        dense: [
          { id: 1, score: 0.3 },
          { id: 2, score: 0.3 },
        ],
        lexical: [],
      },
      0.6,
    );
    expect(fused).toEqual([
      { id: 1, score: 0.6, sources: { dense: { rank: 1, score: 0.3, normalized: 1 } } },
      { id: 2, score: 0.6, sources: { dense: { rank: 2, score: 0.3, normalized: 1 } } },
    ]);
  });

  it("rejects an alpha outside [0, 1] and non-finite scores", () => {
    expect(() => weightedScoreFusion({ dense, lexical }, 1.5)).toThrow(/between 0 and 1/);
    expect(() => weightedScoreFusion({ dense: [{ id: 1, score: NaN }], lexical }, 0.5)).toThrow(/finite/);
  });
});
