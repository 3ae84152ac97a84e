import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { NextIntlClientProvider } from "next-intl";
import { describe, expect, it } from "vitest";
import { HeldOutResults } from "@/components/models/held-out-results";
import { heldOutSummary } from "@/components/models/held-out-summary";
import type { HeldOutReport } from "@/lib/eval/held-out-report";
import en from "@/messages/en.json";
import { translator } from "@/tests/unit/components/translator";

const EN = translator("en", "HeldOut");
const ZH = translator("zh-CN", "HeldOut");

const REPORT: HeldOutReport = {
  split: { queries: 120, documents: 1100, stsPairs: 500 },
  baselines: { retrieval: { bm25: { ndcg: 0.55, mrr: 0.5 }, tfidf: { ndcg: 0.5, mrr: 0.45 } }, sts: { tfidf: 0.756 } },
  trained: {
    retrieval: {
      dense: { ndcg: 0.71, mrr: 0.66 },
      hybrid: { ndcg: 0.78, mrr: 0.72 },
      fusion: { method: "weighted", alpha: 0.7 },
    },
    sts: { dense: 0.81 },
  },
  base: {
    retrieval: { dense: { ndcg: 0.42, mrr: 0.4 }, hybrid: { ndcg: 0.6, mrr: 0.55 }, fusion: { method: "rrf", k: 60 } },
    sts: { dense: 0.74 },
  },
  live: {
    modelVersionId: 3,
    name: "/srv/models/old",
    retrieval: { dense: { ndcg: 0.66, mrr: 0.6 }, hybrid: { ndcg: 0.7, mrr: 0.65 }, fusion: { method: "rrf", k: 60 } },
  },
  fusion: { method: "weighted", alpha: 0.7 },
  evaluatedAt: 0,
};

describe("the held-out panel", () => {
  it("lays out keyword, before and after bars side by side", () => {
    const { retrieval, sts } = heldOutSummary(REPORT, EN);
    expect(retrieval.map((b) => [b.label, b.value, b.kind])).toEqual([
      ["Keywords (BM25)", 0.55, "keyword"],
      ["Word overlap (TF-IDF)", 0.5, "keyword"],
      ["Meaning, before training", 0.42, "before"],
      ["Meaning, after training", 0.71, "after"],
      ["Hybrid, before training", 0.6, "before"],
      ["Hybrid, after training", 0.78, "after"],
      ["Meaning, version 3 (serving then)", 0.66, "live"],
    ]);
    expect(sts.map((b) => b.kind)).toEqual(["keyword", "before", "after"]);
  });

  it("says the numbers in sentences, with the promotion verdict, and never a raw key or a server path", () => {
    const { sentences } = heldOutSummary(REPORT, EN, {
      promoted: false,
      reason: "kept, not served: held-out nDCG@10 0.610 vs live 0.660",
    });
    const text = sentences.join(" ");
    expect(text).toMatch(/120 held-out queries searching 1,100 passages/);
    expect(text).toMatch(/Search by meaning scores 0\.71 after training, against 0\.42 before training/);
    expect(text).toMatch(/Keyword search \(BM25\) scores 0\.55/);
    expect(text).toMatch(/Hybrid search scores 0\.78, fusing the two rankings by 70% meaning, 30% keywords/);
    expect(text).toMatch(/Spearman\) of 0\.81, against 0\.74 before training, 0\.76 for word overlap/);
    expect(sentences.at(-1)).toBe("Kept, not served: held-out nDCG@10 0.610 vs live 0.660.");
    const html = renderToStaticMarkup(
      createElement(NextIntlClientProvider, {
        locale: "en",
        messages: en,
        timeZone: "UTC",
        children: createElement(HeldOutResults, { report: REPORT, heading: "Held-out evaluation" }),
      }),
    );
    expect(html).toContain("<svg");
    expect(html).not.toMatch(/\/srv|heldout|ndcg"|mrr|bm25\b|"alpha"/);
  });

  it("reads in Simplified Chinese for a Chinese reader", () => {
    const { retrieval, sts, sentences } = heldOutSummary(REPORT, ZH);
    expect(retrieval.map((b) => b.label)).toEqual([
      "关键词 (BM25)",
      "词语重合 (TF-IDF)",
      "语义，训练前",
      "语义，训练后",
      "混合，训练前",
      "混合，训练后",
      "语义，版本 3（当时在服务）",
    ]);
    expect(sts.map((b) => b.label)).toEqual(["词语重合 (TF-IDF)", "训练前的模型", "训练后的模型"]);
    const text = sentences.join("");
    expect(text).toContain("在 120 个留出查询上测试，检索训练从未见过的 1,100 个段落。");
    expect(text).toContain("语义搜索训练后得分 0.71，训练前为 0.42");
    expect(text).toContain("混合搜索得分 0.78，按 70% 语义、30% 关键词的权重融合两种排序");
    expect(text).toContain("秩相关系数 (Spearman) 为 0.81；对比：训练前 0.74，词语重合 (TF-IDF) 0.76。");
    expect(text).not.toMatch(/[A-Za-z]{4,} [a-z]{3,}/);
  });
});
