import { describe, expect, it } from "vitest";
import { mergeByRank } from "@/lib/index/rank-merge";

const list = (base: number, scores: number[]) => scores.map((score, i) => ({ id: base + i, score }));

describe("merging per-corpus result lists by rank", () => {
  it("interleaves lists by rank, whatever scale each model's scores are on", () => {
    // Corpus A's model scores everything around 0.94 (nothing stands out); corpus B's has one clear match.
    const a = list(100, [0.95, 0.945, 0.94, 0.935]);
    const b = list(200, [0.8, 0.4, 0.35, 0.3]);
    const byScore = [...a, ...b].sort((x, y) => y.score - x.score).map((h) => h.id);
    expect(byScore.slice(0, 4)).toEqual([100, 101, 102, 103]);
    const merged = mergeByRank([a, b], 6);
    // The clear match leads its tier; after it the lists alternate, each hit keeping its own score.
    expect(merged.map((h) => h.id)).toEqual([200, 100, 101, 201, 102, 202]);
    expect(merged[0]).toEqual({ id: 200, score: 0.8 });
  });

  it("keeps a single list as it is, runs on when a list ends, and skips ids seen before", () => {
    expect(mergeByRank([list(1, [0.3, 0.2, 0.1])], 2)).toEqual(list(1, [0.3, 0.2]));
    expect(mergeByRank([], 5)).toEqual([]);
    const merged = mergeByRank([list(1, [0.9]), list(10, [0.5, 0.4, 0.3]), [{ id: 1, score: 0.2 }]], 10);
    // Tier 1: 10 stands out of its list, 1 (alone in its list) does not; the duplicate of 1 is dropped.
    expect(merged.map((h) => h.id)).toEqual([10, 1, 11, 12]);
  });
});
