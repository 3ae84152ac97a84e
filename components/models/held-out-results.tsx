import { useTranslations } from "next-intl";
import type { HeldOutReport, PromotionDecision } from "@/lib/eval/held-out-report";
import { surfaceClass } from "@/components/ui/styles";
import { HeldOutChart } from "@/components/models/held-out-chart";
import { heldOutSummary } from "@/components/models/held-out-summary";

/** Props of {@link HeldOutResults}. */
export interface HeldOutResultsProps {
  report: HeldOutReport;
  promotion?: PromotionDecision;
  /** The panel's heading, e.g. "Held-out evaluation of version 4". */
  heading: string;
  /** The heading's element id (unique on the page). */
  id?: string;
}

/**
 * A version's results on data held out from its training, side by side: keyword search (BM25,
 * TF-IDF), search by meaning and hybrid search, before and after training, as bar charts and
 * as sentences with the numbers; with why it serves or was kept.
 */
export function HeldOutResults({ report, promotion, heading, id = "held-out-heading" }: HeldOutResultsProps) {
  const t = useTranslations("HeldOut");
  const { retrieval, sts, sentences } = heldOutSummary(report, t, promotion);
  return (
    <section aria-labelledby={id} className={`${surfaceClass} mt-8 p-4`} data-testid="held-out-results">
      <h2 id={id} className="text-lg font-semibold">
        {heading}
      </h2>
      <div className="mt-2 space-y-2">
        {sentences.map((s) => (
          <p key={s} className="text-sm text-zinc-700 dark:text-zinc-300">
            {s}
          </p>
        ))}
      </div>
      <HeldOutChart bars={retrieval} title={t("retrieval")} />
      <HeldOutChart bars={sts} title={t("sts")} />
    </section>
  );
}
