import type { BaselineScores, ModelScores } from "@/lib/eval/held-out-scores";
import type { FusionChoice } from "@/lib/eval/fusion-choice";
import type { ModelMetrics } from "@/lib/db/stored-json";

/**
 * A model version's held-out evaluation, as stored under `heldout` in its metrics JSON: the
 * split it was measured on, the keyword baselines, the version after training, its base
 * before training, and the live version on the same split when there was one.
 */
export interface HeldOutReport {
  /** Sizes of the split (held out from training): retrieval queries, the documents they search, STS pairs. */
  split: { queries: number; documents: number; stsPairs: number };
  baselines: BaselineScores;
  /** This version (after training). */
  trained: ModelScores;
  /** Its base model before training, when it could be embedded. */
  base?: ModelScores;
  /** The version that served when this one finished, on the same split. */
  live?: ModelScores & { modelVersionId: number; name: string };
  /** The fusion hybrid search uses by default while this version serves (chosen on the split). */
  fusion?: FusionChoice;
  /** Unix seconds. */
  evaluatedAt: number;
}

/** Whether a promotion happened after training, and why, as stored under `promotion` in the metrics JSON. */
export interface PromotionDecision {
  promoted: boolean;
  /** One sentence for people, e.g. "kept, not served: held-out nDCG@10 0.610 vs live 0.660". */
  reason: string;
}

/** The held-out report in a version's stored metrics, if it has one. */
export function heldOutReportOf(metrics: ModelMetrics): HeldOutReport | undefined {
  const h = metrics.heldout as HeldOutReport | undefined;
  return h && typeof h === "object" && h.trained && h.split ? h : undefined;
}

/** The promotion decision in a version's stored metrics, if one was made. */
export function promotionOf(metrics: ModelMetrics): PromotionDecision | undefined {
  const p = metrics.promotion as PromotionDecision | undefined;
  return p && typeof p.reason === "string" ? p : undefined;
}

/** The fusion stored on a version (learnt on its held-out split), if any and well formed. */
export function storedFusion(metrics: ModelMetrics): FusionChoice | undefined {
  const f = heldOutReportOf(metrics)?.fusion;
  if (f?.method === "rrf" && typeof f.k === "number" && f.k >= 0) return { method: "rrf", k: f.k };
  if (f?.method === "weighted" && typeof f.alpha === "number" && f.alpha >= 0 && f.alpha <= 1)
    return { method: "weighted", alpha: f.alpha };
  return undefined;
}
