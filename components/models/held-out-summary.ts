/** Turning a version's held-out evaluation into bars and sentences to show (pure; no raw keys, no paths). */
import { describeFusion } from "@/lib/eval/fusion-choice";
import type { HeldOutReport, PromotionDecision } from "@/lib/eval/held-out-report";

/** One bar of the held-out chart: what it measures and how. */
export interface HeldOutBar {
  label: string;
  value: number;
  /** Keyword baselines, the model before training, after training, or the version serving before. */
  kind: "keyword" | "before" | "after" | "live";
}

/** What the held-out panel shows: a chart per task and sentences with the numbers. */
export interface HeldOutSummary {
  retrieval: HeldOutBar[];
  sts: HeldOutBar[];
  sentences: string[];
}

const num = (x: number) => x.toFixed(2);
const count = (n: number) => n.toLocaleString("en-US");

function retrievalBars(r: HeldOutReport): HeldOutBar[] {
  const bars: HeldOutBar[] = [];
  const b = r.baselines.retrieval;
  if (b)
    bars.push(
      { label: "Keywords (BM25)", value: b.bm25.ndcg, kind: "keyword" },
      { label: "Word overlap (TF-IDF)", value: b.tfidf.ndcg, kind: "keyword" },
    );
  const before = r.base?.retrieval;
  const after = r.trained.retrieval;
  if (before) bars.push({ label: "Meaning, before training", value: before.dense.ndcg, kind: "before" });
  if (after) bars.push({ label: "Meaning, after training", value: after.dense.ndcg, kind: "after" });
  if (before) bars.push({ label: "Hybrid, before training", value: before.hybrid.ndcg, kind: "before" });
  if (after) bars.push({ label: "Hybrid, after training", value: after.hybrid.ndcg, kind: "after" });
  if (r.live?.retrieval)
    bars.push({
      label: `Meaning, version ${r.live.modelVersionId} (serving then)`,
      value: r.live.retrieval.dense.ndcg,
      kind: "live",
    });
  return bars;
}

function stsBars(r: HeldOutReport): HeldOutBar[] {
  const bars: HeldOutBar[] = [];
  if (r.baselines.sts) bars.push({ label: "Word overlap (TF-IDF)", value: r.baselines.sts.tfidf, kind: "keyword" });
  if (r.base?.sts) bars.push({ label: "Model before training", value: r.base.sts.dense, kind: "before" });
  if (r.trained.sts) bars.push({ label: "Model after training", value: r.trained.sts.dense, kind: "after" });
  if (r.live?.sts)
    bars.push({ label: `Version ${r.live.modelVersionId} (serving then)`, value: r.live.sts.dense, kind: "live" });
  return bars;
}

function retrievalSentences(r: HeldOutReport): string[] {
  const after = r.trained.retrieval;
  if (!after) return [];
  const out = [
    `Tested on ${count(r.split.queries)} held-out queries searching ${count(r.split.documents)} passages that training never saw. Scores are nDCG@10: 1 means the right passage always comes first, 0 that it is never in the top ten.`,
  ];
  const before = r.base?.retrieval ? `, against ${num(r.base.retrieval.dense.ndcg)} before training` : "";
  const bm25 = r.baselines.retrieval
    ? ` Keyword search (BM25) scores ${num(r.baselines.retrieval.bm25.ndcg)} and TF-IDF ${num(r.baselines.retrieval.tfidf.ndcg)}.`
    : "";
  out.push(
    `Search by meaning scores ${num(after.dense.ndcg)} after training${before} (the right passage's average reciprocal rank in the top ten: ${num(after.dense.mrr)}).${bm25}`,
  );
  out.push(
    `Hybrid search scores ${num(after.hybrid.ndcg)}, fusing the two rankings by ${describeFusion(after.fusion)}: the fusion that scored best on this data, which search uses by default while this version serves.`,
  );
  if (r.live?.retrieval)
    out.push(
      `Version ${r.live.modelVersionId}, which was serving when this one finished, scores ${num(r.live.retrieval.dense.ndcg)} by meaning on the same queries.`,
    );
  return out;
}

function stsSentence(r: HeldOutReport): string[] {
  const after = r.trained.sts;
  if (!after) return [];
  const others = [
    r.base?.sts && `${num(r.base.sts.dense)} before training`,
    r.baselines.sts && `${num(r.baselines.sts.tfidf)} for word overlap (TF-IDF)`,
    r.live?.sts && `${num(r.live.sts.dense)} for version ${r.live.modelVersionId}`,
  ].filter(Boolean);
  return [
    `On ${count(r.split.stsPairs)} held-out sentence pairs, the model's similarity follows the human scores with a rank correlation (Spearman) of ${num(after.dense)}${others.length ? `, against ${others.join(", ")}` : ""}.`,
  ];
}

/** The promotion verdict as a sentence: "Kept, not served: held-out nDCG@10 0.610 vs live 0.660." */
export function promotionSentence(p: PromotionDecision): string {
  const text = p.reason.trim();
  return `${text[0].toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? "" : "."}`;
}

/** Bars and sentences for a version's held-out evaluation (and its promotion verdict, when there is one). */
export function heldOutSummary(report: HeldOutReport, promotion?: PromotionDecision): HeldOutSummary {
  const sentences = [...retrievalSentences(report), ...stsSentence(report)];
  if (promotion) sentences.push(promotionSentence(promotion));
  return { retrieval: retrievalBars(report), sts: stsBars(report), sentences };
}
