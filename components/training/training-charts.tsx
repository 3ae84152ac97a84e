"use client";

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
  const steps = points.filter((p) => p.loss !== null);
  const smoothed = smoothedLoss(points);
  const evals = points.filter((p) => p.evalValue !== null);
  const last = evals.at(-1)?.evalMetric;
  const metric = last ? metricLabel(last) : "evaluation metric";
  const baseline = evals.find((p) => p.step === 0)?.evalValue;
  const xDomain: [number, number] | undefined = totalSteps > 0 ? [0, totalSteps] : undefined;
  return (
    <section aria-labelledby="curves-heading">
      <h2 id="curves-heading" className="mb-3 text-lg font-semibold">
        Curves
      </h2>
      <div className="grid gap-6 lg:grid-cols-2">
        <div className={`${surfaceClass} p-4`}>
          <LineChart
            title="Training loss"
            description={`Contrastive loss at each of ${steps.length} steps, raw and smoothed.`}
            xLabel="step"
            yLabel="loss"
            xDomain={xDomain}
            testId="loss-chart"
            emptyText="the first steps are on their way."
            series={[
              { name: "loss", strokeClass: ACCENT, faint: true, points: steps.map((p) => ({ x: p.step, y: p.loss })) },
              { name: "smoothed", strokeClass: ACCENT, points: steps.map((p, i) => ({ x: p.step, y: smoothed[i] })) },
            ]}
          />
        </div>
        <div className={`${surfaceClass} p-4`}>
          <LineChart
            title={`Evaluation: ${metric}`}
            description={`${metric} on the held-out evaluation set; step 0 is the base model before training.${baseline != null ? ` Base: ${baseline.toFixed(3)}.` : ""}`}
            xLabel="step"
            yLabel={metric}
            xDomain={xDomain}
            format={(v) => v.toFixed(4)}
            testId="eval-chart"
            emptyText="no evaluation yet (the first runs before step 1, then every tenth of the run)."
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
            title="Learning rate"
            description="The scheduled peak learning rate: linear warmup, then decay."
            xLabel="step"
            yLabel="learning rate"
            xDomain={xDomain}
            format={(v) => v.toExponential(2)}
            testId="lr-chart"
            series={[{ name: "learning rate", strokeClass: AMBER, points: steps.map((p) => ({ x: p.step, y: p.lr })) }]}
          />
        </div>
        <div className={`${surfaceClass} p-4`}>
          <LineChart
            title="Throughput"
            description="Training sequences per second (smoothed over recent steps)."
            xLabel="step"
            yLabel="sequences/s"
            xDomain={xDomain}
            format={(v) => v.toFixed(1)}
            testId="rate-chart"
            series={[
              { name: "sequences/s", strokeClass: SKY, points: steps.map((p) => ({ x: p.step, y: p.seqPerSec })) },
            ]}
          />
        </div>
      </div>
      {note && <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">{note}</p>}
    </section>
  );
}
