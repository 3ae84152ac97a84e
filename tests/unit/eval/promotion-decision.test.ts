import { describe, expect, it } from "vitest";
import type { HeldOutReport } from "@/lib/eval/held-out-report";
import type { ModelScores } from "@/lib/eval/held-out-scores";
import { baselinePromotion, heldOutPromotion } from "@/lib/eval/promotion-decision";

const scores = (ndcg: number, sts?: number): ModelScores => ({
  retrieval: { dense: { ndcg, mrr: ndcg }, hybrid: { ndcg, mrr: ndcg }, fusion: { method: "rrf", k: 60 } },
  ...(sts !== undefined ? { sts: { dense: sts } } : {}),
});
const report = (trained: ModelScores, live?: ModelScores): HeldOutReport => ({
  split: { queries: 10, documents: 100, stsPairs: 0 },
  baselines: {},
  trained,
  ...(live ? { live: { ...live, modelVersionId: 1, name: "old" } } : {}),
  evaluatedAt: 0,
});

describe("promotion on held-out data", () => {
  it("serves a version that beats the live one and keeps one that does not (ties included)", () => {
    expect(heldOutPromotion(report(scores(0.7), scores(0.66)), true)).toEqual({
      promoted: true,
      reason: "serves: held-out nDCG@10 0.700 vs live 0.660",
    });
    expect(heldOutPromotion(report(scores(0.61), scores(0.66)), true)).toEqual({
      promoted: false,
      reason: "kept, not served: held-out nDCG@10 0.610 vs live 0.660",
    });
    expect(heldOutPromotion(report(scores(0.66), scores(0.66)), true)?.promoted).toBe(false);
  });

  it("compares STS first when the split has scored pairs, as the trainer does", () => {
    expect(heldOutPromotion(report(scores(0.1, 0.8), scores(0.9, 0.7)), true)).toEqual({
      promoted: true,
      reason: "serves: held-out STS Spearman 0.800 vs live 0.700",
    });
  });

  it("serves when nothing serves, and leaves the decision to the fallback when the live version was not scored", () => {
    expect(heldOutPromotion(undefined, false)?.promoted).toBe(true);
    expect(heldOutPromotion(report(scores(0.7)), true)).toBeUndefined();
    expect(heldOutPromotion(undefined, true)).toBeUndefined();
    expect(baselinePromotion(false, { name: "retrieval_ndcg@10", after: 0.5, before: 0.6 }).reason).toBe(
      "kept, not served: retrieval_ndcg@10 0.500 vs 0.600 before training (the live version could not be compared on held-out data)",
    );
  });
});
