/** Turning a version's held-out evaluation into bars and sentences to show (pure; no raw keys, no paths). */
import type { Translate } from "@/components/ui/translate";
import type { FusionChoice } from "@/lib/eval/fusion-choice";
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

function retrievalBars(r: HeldOutReport, t: Translate): HeldOutBar[] {
  const bars: HeldOutBar[] = [];
  const b = r.baselines.retrieval;
  if (b)
    bars.push(
      { label: t("bar.bm25"), value: b.bm25.ndcg, kind: "keyword" },
      { label: t("bar.tfidf"), value: b.tfidf.ndcg, kind: "keyword" },
    );
  const before = r.base?.retrieval;
  const after = r.trained.retrieval;
  if (before) bars.push({ label: t("bar.meaningBefore"), value: before.dense.ndcg, kind: "before" });
  if (after) bars.push({ label: t("bar.meaningAfter"), value: after.dense.ndcg, kind: "after" });
  if (before) bars.push({ label: t("bar.hybridBefore"), value: before.hybrid.ndcg, kind: "before" });
  if (after) bars.push({ label: t("bar.hybridAfter"), value: after.hybrid.ndcg, kind: "after" });
  if (r.live?.retrieval)
    bars.push({
      label: t("bar.meaningLive", { id: r.live.modelVersionId }),
      value: r.live.retrieval.dense.ndcg,
      kind: "live",
    });
  return bars;
}

function stsBars(r: HeldOutReport, t: Translate): HeldOutBar[] {
  const bars: HeldOutBar[] = [];
  if (r.baselines.sts) bars.push({ label: t("bar.tfidf"), value: r.baselines.sts.tfidf, kind: "keyword" });
  if (r.base?.sts) bars.push({ label: t("bar.modelBefore"), value: r.base.sts.dense, kind: "before" });
  if (r.trained.sts) bars.push({ label: t("bar.modelAfter"), value: r.trained.sts.dense, kind: "after" });
  if (r.live?.sts)
    bars.push({ label: t("bar.live", { id: r.live.modelVersionId }), value: r.live.sts.dense, kind: "live" });
  return bars;
}

/** How hybrid search fused its rankings, in the reader's language (as lib's describeFusion says it in English). */
function fusionText(choice: FusionChoice, t: Translate): string {
  if (choice.method === "rrf") return t("fusionRrf", { k: choice.k });
  const dense = Math.round(choice.alpha * 100);
  return t("fusionWeighted", { dense, keywords: 100 - dense });
}

function retrievalSentences(r: HeldOutReport, t: Translate): string[] {
  const after = r.trained.retrieval;
  if (!after) return [];
  const out = [t("tested", { queries: count(r.split.queries), documents: count(r.split.documents) })];
  const before = r.base?.retrieval ? t("meaningBefore", { value: num(r.base.retrieval.dense.ndcg) }) : "";
  const keywords = r.baselines.retrieval
    ? t("keywords", {
        bm25: num(r.baselines.retrieval.bm25.ndcg),
        tfidf: num(r.baselines.retrieval.tfidf.ndcg),
      })
    : "";
  out.push(t("meaning", { after: num(after.dense.ndcg), before, mrr: num(after.dense.mrr), keywords }));
  out.push(t("hybrid", { value: num(after.hybrid.ndcg), fusion: fusionText(after.fusion, t) }));
  if (r.live?.retrieval) out.push(t("live", { id: r.live.modelVersionId, value: num(r.live.retrieval.dense.ndcg) }));
  return out;
}

function stsSentence(r: HeldOutReport, t: Translate): string[] {
  const after = r.trained.sts;
  if (!after) return [];
  const others = [
    r.base?.sts && t("stsBefore", { value: num(r.base.sts.dense) }),
    r.baselines.sts && t("stsTfidf", { value: num(r.baselines.sts.tfidf) }),
    r.live?.sts && t("stsLive", { value: num(r.live.sts.dense), id: r.live.modelVersionId }),
  ].filter(Boolean);
  return [
    t("stsSentence", {
      pairs: count(r.split.stsPairs),
      value: num(after.dense),
      others: others.length ? t("stsAgainst", { list: others.join(t("listSeparator")) }) : "",
    }),
  ];
}

/** The promotion verdict as a sentence: "Kept, not served: held-out nDCG@10 0.610 vs live 0.660." */
export function promotionSentence(p: PromotionDecision): string {
  const text = p.reason.trim();
  return `${text[0].toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? "" : "."}`;
}

/**
 * Bars and sentences for a version's held-out evaluation (and its promotion verdict, when there is
 * one), in the language of `t` (the HeldOut namespace); the verdict stays English like the server's log.
 */
export function heldOutSummary(report: HeldOutReport, t: Translate, promotion?: PromotionDecision): HeldOutSummary {
  const sentences = [...retrievalSentences(report, t), ...stsSentence(report, t)];
  if (promotion) sentences.push(promotionSentence(promotion));
  return { retrieval: retrievalBars(report, t), sts: stsBars(report, t), sentences };
}
