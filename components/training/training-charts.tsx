"use client";

import { useTranslations } from "next-intl";
import type { TrainingPoint } from "@/lib/train/history/training-point";
import { metricLabel } from "@/components/models/model-card";
import { surfaceClass } from "@/components/ui/styles";
import { smooth } from "@/components/training/chart-scale";
import { LineChart } from "@/components/training/line-chart";

const ACCENT = "stroke-accent-600 dark:stroke-accent-400";
const EMERALD = "stroke-emerald-600 dark:stroke-emerald-400";
const AMBER = "stroke-amber-600 dark:stroke-amber-400";
const SKY = "stroke-sky-600 dark:stroke-sky-400";

/** The loss of every step with a loss, smoothed (more for longer runs). */
export function smoothedLoss(points: readonly TrainingPoint[]): number[] {
  const losses = points.flatMap((p) => (p.loss !== null ? [p.loss] : []));
  return smooth(losses, losses.length > 20 ? 0.8 : 0.5);
}

/** The four curves of a run: loss (raw and smoothed), evaluation metric, learning rate, throughput; x from 0 to the planned steps. */
export function TrainingCharts({
  points,
  totalSteps,
  note,
}: {
  points: readonly TrainingPoint[];
  totalSteps: number;
  note?: string;
}) {
  const t = useTranslations("Charts");
  const card = useTranslations("ModelCard");
  const steps = points.filter((p) => p.loss !== null);
  const smoothed = smoothedLoss(points);
  const evals = points.filter((p) => p.evalValue !== null);
  const last = evals.at(-1)?.evalMetric;
  const metric = last ? metricLabel(last, card) : t("evalMetric");
  const baseline = evals.find((p) => p.step === 0)?.evalValue;
  const xDomain: [number, number] | undefined = totalSteps > 0 ? [0, totalSteps] : undefined;
  return (
    <section aria-labelledby="curves-heading">
      <h2 id="curves-heading" className="mb-3 text-lg font-semibold">
        {t("curves")}
      </h2>
      <div className="grid gap-6 lg:grid-cols-2">
        <div className={`${surfaceClass} p-4`}>
          <LineChart
            title={t("lossTitle")}
            description={t("lossDescription", { steps: steps.length })}
            xLabel={t("step")}
            yLabel={t("loss")}
            xDomain={xDomain}
            testId="loss-chart"
            emptyText={t("lossEmpty")}
            series={[
              {
                name: t("loss"),
                strokeClass: ACCENT,
                faint: true,
                points: steps.map((p) => ({ x: p.step, y: p.loss })),
              },
              {
                name: t("smoothed"),
                strokeClass: ACCENT,
                points: steps.map((p, i) => ({ x: p.step, y: smoothed[i] })),
              },
            ]}
          />
        </div>
        <div className={`${surfaceClass} p-4`}>
          <LineChart
            title={t("evalTitle", { metric })}
            description={`${t("evalDescription", { metric })}${baseline != null ? ` ${t("evalBase", { value: baseline.toFixed(3) })}` : ""}`}
            xLabel={t("step")}
            yLabel={metric}
            xDomain={xDomain}
            format={(v) => v.toFixed(4)}
            testId="eval-chart"
            emptyText={t("evalEmpty")}
            series={[
              {
                name: metric,
                strokeClass: EMERALD,
                fillClass: "fill-emerald-50 dark:fill-emerald-950",
                dots: true,
                points: evals.map((p) => ({ x: p.step, y: p.evalValue })),
              },
            ]}
          />
        </div>
        <div className={`${surfaceClass} p-4`}>
          <LineChart
            title={t("lrTitle")}
            description={t("lrDescription")}
            xLabel={t("step")}
            yLabel={t("lr")}
            xDomain={xDomain}
            format={(v) => v.toExponential(2)}
            testId="lr-chart"
            series={[{ name: t("lr"), strokeClass: AMBER, points: steps.map((p) => ({ x: p.step, y: p.lr })) }]}
          />
        </div>
        <div className={`${surfaceClass} p-4`}>
          <LineChart
            title={t("rateTitle")}
            description={t("rateDescription")}
            xLabel={t("step")}
            yLabel={t("rate")}
            xDomain={xDomain}
            format={(v) => v.toFixed(1)}
            testId="rate-chart"
            series={[{ name: t("rate"), strokeClass: SKY, points: steps.map((p) => ({ x: p.step, y: p.seqPerSec })) }]}
          />
        </div>
      </div>
      {note && <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">{note}</p>}
    </section>
  );
}
