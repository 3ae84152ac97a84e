import { describe, expect, it } from "vitest";
import { evaluateRetrieval } from "@/lib/train/evaluators/retrieval-evaluator";
import { ndcgAt, recallAt, reciprocalRankAt } from "@/lib/train/evaluators/retrieval-metrics";
import { topK } from "@/lib/core/top-k";

describe("retrieval metrics on a fixed ranking", () => {
  const ranked = ["d1", "d2", "d3", "d4"];

  it("nDCG@k with binary relevance", () => {
    const judged = new Map([
      ["d2", 1],
      ["d3", 1],
    ]);
    // DCG = 1/log2(3) + 1/log2(4); IDCG = 1 + 1/log2(3)
    const want = (1 / Math.log2(3) + 0.5) / (1 + 1 / Math.log2(3));
    expect(ndcgAt(ranked, judged, 10)).toBeCloseTo(want, 12);
    expect(ndcgAt(ranked, judged, 1)).toBe(0);
  });

  it("nDCG@k with graded relevance and an unretrieved relevant document", () => {
    const judged = new Map([
      ["d1", 1],
      ["d3", 3],
      ["d9", 2],
    ]);
    // DCG@3 = 1 + 3/log2(4); ideal order 3, 2, 1: 3 + 2/log2(3) + 1/log2(4)
    const want = (1 + 3 / 2) / (3 + 2 / Math.log2(3) + 0.5);
    expect(ndcgAt(ranked, judged, 3)).toBeCloseTo(want, 12);
  });

  it("MRR@k and Recall@k", () => {
    const judged = new Map([
      ["d3", 1],
      ["d4", 1],
      ["d8", 1],
      ["d1", 0],
    ]);
    expect(reciprocalRankAt(ranked, judged, 10)).toBeCloseTo(1 / 3, 12);
    expect(reciprocalRankAt(ranked, judged, 2)).toBe(0);
    expect(recallAt(ranked, judged, 3)).toBeCloseTo(1 / 3, 12);
    expect(recallAt(ranked, judged, 10)).toBeCloseTo(2 / 3, 12);
  });

  it("topK keeps the best k, best first, ties to the lower index", () => {
    expect(topK([0.1, 0.9, 0.5, 0.9, 0.3], 3)).toEqual([1, 3, 2]);
    expect(topK([2, 1], 10)).toEqual([0, 1]);
    const many = Array.from({ length: 1000 }, (_, i) => Math.sin(i));
    const sorted = many
      .map((_, i) => i)
      .sort((i, j) => many[j] - many[i])
      .slice(0, 25);
    expect(topK(many, 25)).toEqual(sorted);
  });
});

describe("evaluateRetrieval", () => {
  // Documents on the unit circle at 0°, 30°, 60°, 90°; cosine ranks them by angle to the query.
  const angle = (deg: number) => [Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180)];
  const corpus = { ids: ["a", "b", "c", "d"], embeddings: [angle(0), angle(30), angle(60), angle(90)] };
  const queries = { ids: ["q1", "q2", "q3"], embeddings: [angle(5), [0, 10], angle(44)] };

  it("ranks by exact cosine and averages over judged queries", () => {
    const relevant = new Map<string, ReadonlySet<string>>([
      ["q1", new Set(["a"])], // ranked first
      ["q2", new Set(["b"])], // q2 at 90°: d, c, b, a → rank 3
    ]); // q3 has no judgements: skipped
    const { primary, metrics } = evaluateRetrieval({ queries, corpus, relevant }, { recallAt: [1, 3] });
    expect(primary).toBe("ndcg@10");
    expect(metrics["mrr@10"]).toBeCloseTo((1 + 1 / 3) / 2, 12);
    expect(metrics["recall@1"]).toBeCloseTo(0.5, 12);
    expect(metrics["recall@3"]).toBeCloseTo(1, 12);
    expect(metrics["ndcg@10"]).toBeCloseTo((1 + 1 / Math.log2(4)) / 2, 12);
  });

  it("accepts plain objects with graded judgements", () => {
    const relevant = { q3: { b: 1, c: 2 } }; // q3 at 44°: b (30°) and c (60°) at ranks 1, 2
    const { metrics } = evaluateRetrieval({ queries, corpus, relevant });
    const want = (1 + 2 / Math.log2(3)) / (2 + 1 / Math.log2(3));
    expect(metrics["ndcg@10"]).toBeCloseTo(want, 12);
    expect(metrics["recall@1"]).toBeCloseTo(0.5, 12);
    expect(Object.keys(metrics).sort()).toEqual([
      "mrr@10",
      "ndcg@10",
      "recall@1",
      "recall@10",
      "recall@100",
      "recall@5",
    ]);
  });

  it("refuses judgements that match no query", () => {
    expect(() => evaluateRetrieval({ queries, corpus, relevant: { other: ["a"] } })).toThrow(
      /no query has a relevant document/,
    );
  });
});
