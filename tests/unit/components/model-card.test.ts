import { describe, expect, it } from "vitest";
import { modelCard as cardIn, metricLabel as labelIn } from "@/components/models/model-card";
import { baseModelLabel as baseIn } from "@/components/models/model-labels";
import type { ModelMetrics } from "@/lib/db/stored-json";
import { translator } from "@/tests/unit/components/translator";

/** The card's words in English and Simplified Chinese, as the pages' translators give them. */
const EN = translator("en", "ModelCard");
const ZH = translator("zh-CN", "ModelCard");
const modelCard = (m: ModelMetrics) => cardIn(m, EN, "en");
const metricLabel = (key: string) => labelIn(key, EN);
const baseModelLabel = (spec: string) => baseIn(spec, translator("en", "ModelSource"));

/** The metrics a finished training run stores (train-handler's versionMetrics), with the later held-out report and decision. */
const TRAINED = {
  "retrieval_ndcg@10": 0.7234,
  "retrieval_mrr@10": 0.65,
  "retrieval_recall@5": 0.81,
  sts_spearman: 0.802,
  primary: "retrieval_ndcg@10",
  baseline: { "retrieval_ndcg@10": 0.6112, "retrieval_mrr@10": 0.55, sts_spearman: 0.7 },
  steps: 300,
  bestStep: 120,
  stoppedEarly: true,
  trainingSeconds: 252,
  backend: "tensorflow (cpu)",
  workers: 2,
  sources: ["title", "neighbours"],
  curve: "/srv/cognate/data/runs/7/curve.json",
  heldout: {
    split: { queries: 64, documents: 300, stsPairs: 0 },
    baselines: { retrieval: { bm25: { ndcg: 0.58, mrr: 0.5 }, tfidf: { ndcg: 0.55, mrr: 0.48 } } },
    trained: {
      retrieval: {
        dense: { ndcg: 0.7, mrr: 0.6 },
        hybrid: { ndcg: 0.74, mrr: 0.66 },
        fusion: { method: "rrf", k: 60 },
      },
    },
    evaluatedAt: 1,
  },
  promotion: { promoted: false, reason: "kept, not served: held-out nDCG@10 0.610 vs live 0.660" },
  recipe: [
    "peak learning rate 1e-3: a model trained from scratch needs larger steps than fine-tuning",
    "batch of 64 pairs: more in-batch negatives per step",
  ],
};

describe("the model card", () => {
  it("reads as prose and numbers: no raw keys, no server paths", () => {
    const card = modelCard(TRAINED);
    expect(card.sentences).toEqual([
      "nDCG@10 on held-out data: 0.611 → 0.723 after training, best at step 120 of 300 (stopped early: no more gain).",
      "Trained for 300 steps in 4 min on tensorflow (cpu) with 2 workers, on pairs from title ↔ body, neighbouring passages.",
      "nDCG@10 on the held-out split (64 queries): semantic 0.700, hybrid 0.740, keyword (BM25) 0.580.",
      "Kept, not served: held-out nDCG@10 0.610 vs live 0.660.",
    ]);
    expect(card.rows).toEqual([
      { label: "nDCG@10", before: "0.611", after: "0.723" },
      { label: "MRR@10", before: "0.550", after: "0.650" },
      { label: "Recall@5", after: "0.810" },
      { label: "Sentence similarity (Spearman correlation)", before: "0.700", after: "0.802" },
    ]);
    const shown = JSON.stringify(card);
    for (const raw of [
      "baseline",
      "bestStep",
      "retrieval_",
      "sts_",
      "curve",
      "/srv/",
      "primary",
      "heldout",
      "trainingSeconds",
    ])
      expect(shown, raw).not.toContain(raw);
  });

  it("shows a run in progress, other versions' plain facts, and nothing for empty metrics", () => {
    const running = modelCard({ training: { step: 40, totalSteps: 300, best: { step: 20, value: 0.65 } } });
    expect(running).toEqual({
      sentences: ["Training: step 40 of 300; best held-out score so far 0.650 at step 20."],
      rows: [],
      recipe: [],
    });
    expect(modelCard({ indexEf: 64, exact: false, folder: "/data/models/x", note: "tuned" }).rows).toEqual([
      { label: "Index ef", after: "64" },
      { label: "Exact", after: "no" },
      { label: "Note", after: "tuned" },
    ]);
    expect(modelCard({})).toEqual({ sentences: [], rows: [], recipe: [] });
  });

  it("names metrics and base models in words", () => {
    expect(metricLabel("retrieval_ndcg@10")).toBe("nDCG@10");
    expect(metricLabel("ndcg@10")).toBe("nDCG@10");
    expect(metricLabel("clustering_nmi")).toBe("clustering (NMI)");
    expect(metricLabel("bestStep")).toBe("best step");
    expect(baseModelLabel("dir:/srv/cognate/models/mini-lm")).toBe("the local folder “mini-lm”");
    expect(baseModelLabel("hub:sentence-transformers/all-MiniLM-L6-v2")).toBe("sentence-transformers/all-MiniLM-L6-v2");
    expect(baseModelLabel("scratch")).toBe("none (trained from scratch)");
  });

  it("lists the recipe's reasons as sentences, and none for a run whose settings were all given", () => {
    expect(modelCard(TRAINED).recipe).toEqual([
      "Peak learning rate 1e-3: a model trained from scratch needs larger steps than fine-tuning.",
      "Batch of 64 pairs: more in-batch negatives per step.",
    ]);
    expect(modelCard({ ...TRAINED, recipe: undefined }).recipe).toEqual([]);
  });

  it("reads in Simplified Chinese for a Chinese reader, numbers and durations included", () => {
    const card = cardIn(TRAINED, ZH, "zh-CN");
    expect(card.sentences).toEqual([
      "留出数据上的nDCG@10：训练前 0.611 → 训练后 0.723，最佳在第 120 步（共 300 步）（已提前停止：不再提升）。",
      "训练了 300 步，用时 4 分钟，运行于 tensorflow (cpu)，2 个工作线程，句对来自标题 ↔ 正文、相邻段落。",
      "留出集上的 nDCG@10（64 个查询）：语义 0.700、混合 0.740、关键词 (BM25) 0.580。",
      // The verdict and the recipe come from the server's log, in English.
      "Kept, not served: held-out nDCG@10 0.610 vs live 0.660.",
    ]);
    expect(card.rows.map((r) => r.label)).toEqual(["nDCG@10", "MRR@10", "召回率@5", "句子相似度（Spearman 相关系数）"]);
    expect(cardIn({ exact: false }, ZH, "zh-CN").rows).toEqual([{ label: "Exact", after: "否" }]);
    expect(cardIn({ training: { step: 40, totalSteps: 300 } }, ZH, "zh-CN").sentences).toEqual([
      "训练中：第 40 步（共 300 步）。",
    ]);
    const sources = translator("zh-CN", "ModelSource");
    expect(baseIn("dir:/srv/cognate/models/mini-lm", sources)).toBe("本地文件夹“mini-lm”");
    expect(baseIn("scratch", sources)).toBe("无（从零训练）");
  });
});
