import { describe, expect, it } from "vitest";
import { chooseFusion, DEFAULT_FUSION, FUSION_CANDIDATES, type FusionChoice } from "@/lib/eval/fusion-choice";
import { prepareSplit, primaryHeldOut, scoreModel } from "@/lib/eval/held-out-scores";
import type { EvalSets } from "@/lib/train/trainer/eval-sets";

/** Six topics; each query shares no word with its document, so BM25 fails and only meaning finds it. */
const TOPICS = ["astronomy", "baking", "sailing", "gardening", "chess", "cycling"];
const SETS: EvalSets = {
  retrieval: {
    queries: [
      "telescope planets orbit",
      "bread oven flour",
      "boat wind harbour",
      "roses soil compost",
      "bishop knight opening",
      "tyres gears saddle",
    ],
    corpus: TOPICS.map((t) => `an article about ${t}`).concat(["flour and bread prices", "wind farms by the harbour"]),
    relevant: TOPICS.map((_, i) => [i]),
  },
  sts: { a: ["a", "b", "c", "d"], b: ["w", "x", "y", "z"], gold: [0, 1, 2, 3] },
};

/** One-hot rows: query i and document i share direction i (a perfect encoder for this split). */
function oneHot(rows: number[], dim: number): Float32Array {
  const out = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => (out[i * dim + r] = 1));
  return out;
}

describe("held-out scores", () => {
  const split = prepareSplit(SETS);

  it("computes keyword baselines without a model", () => {
    expect(split.baselines.retrieval!.bm25.ndcg).toBe(0);
    expect(split.baselines.retrieval!.tfidf.ndcg).toBe(0);
    expect(split.baselines.sts!.tfidf).toBe(0);
  });

  it("scores a perfect encoder at 1 dense and hybrid, and a useless one low", () => {
    const dim = 8;
    const stsA = new Float32Array(4 * dim).map((_, i) => (i % dim === 0 ? 1 : 0));
    const stsB = new Float32Array(4 * dim);
    [0, 1, 2, 3].forEach((i) => {
      stsB[i * dim] = i;
      stsB[i * dim + 1] = 3;
    });
    const perfect = scoreModel(split, {
      dim,
      queries: oneHot([0, 1, 2, 3, 4, 5], dim),
      corpus: oneHot([0, 1, 2, 3, 4, 5, 6, 7], dim),
      stsA,
      stsB,
    });
    expect(perfect.retrieval!.dense).toEqual({ ndcg: 1, mrr: 1 });
    expect(perfect.retrieval!.hybrid.ndcg).toBe(1);
    expect(perfect.sts!.dense).toBeCloseTo(1, 10);
    expect(primaryHeldOut(perfect)).toEqual({ label: "STS Spearman", value: perfect.sts!.dense });
    // Every query points at the same wrong document.
    const useless = scoreModel(split, {
      dim,
      queries: oneHot([7, 7, 7, 7, 7, 7], dim),
      corpus: oneHot([0, 1, 2, 3, 4, 5, 7, 6], dim),
    });
    expect(useless.retrieval!.dense.mrr).toBeLessThan(0.5);
    expect(useless.sts).toBeUndefined();
    expect(primaryHeldOut(useless)).toEqual({ label: "nDCG@10", value: useless.retrieval!.dense.ndcg });
  });
});

describe("choosing the fusion", () => {
  it("keeps the simplest of equally good fusions and takes a strictly better one", () => {
    expect(chooseFusion(FUSION_CANDIDATES, () => ({ value: 0.5 })).choice).toEqual(DEFAULT_FUSION);
    const best = (c: FusionChoice) => ({ value: c.method === "weighted" && c.alpha >= 0.7 ? 0.9 : 0.5 });
    expect(chooseFusion(FUSION_CANDIDATES, best).choice).toEqual({ method: "weighted", alpha: 0.7 });
  });
});
