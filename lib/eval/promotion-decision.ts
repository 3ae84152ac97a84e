import type { HeldOutReport, PromotionDecision } from "@/lib/eval/held-out-report";
import { primaryHeldOut } from "@/lib/eval/held-out-scores";

const fixed = (x: number) => x.toFixed(3);

/**
 * Whether a freshly trained version replaces the live one, decided on the held-out split of its
 * run: it serves only if its primary held-out metric (dense STS Spearman, else dense nDCG@10)
 * strictly beats the live version's on the same split. Undefined when the report cannot decide
 * (no split, or the live version could not be scored): the caller falls back to another rule.
 * Pure.
 */
export function heldOutPromotion(report: HeldOutReport | undefined, hasLive: boolean): PromotionDecision | undefined {
  if (!hasLive) return { promoted: true, reason: "serves: no version was serving this corpus" };
  if (!report?.live) return undefined;
  const mine = primaryHeldOut(report.trained);
  const theirs = primaryHeldOut(report.live);
  if (!mine || !theirs || mine.label !== theirs.label) return undefined;
  const numbers = `held-out ${mine.label} ${fixed(mine.value)} vs live ${fixed(theirs.value)}`;
  return mine.value > theirs.value
    ? { promoted: true, reason: `serves: ${numbers}` }
    : { promoted: false, reason: `kept, not served: ${numbers}` };
}

/** The decision of the older rule (the kept model against its own base before training), in words. */
export function baselinePromotion(
  promoted: boolean,
  metric: { name: string; after?: number; before?: number },
): PromotionDecision {
  const numbers =
    metric.after === undefined
      ? "no evaluation metric"
      : `${metric.name} ${fixed(metric.after)} vs ${metric.before === undefined ? "no baseline" : `${fixed(metric.before)} before training`}`;
  return {
    promoted,
    reason: `${promoted ? "serves" : "kept, not served"}: ${numbers} (the live version could not be compared on held-out data)`,
  };
}
