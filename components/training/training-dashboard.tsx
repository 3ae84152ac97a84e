"use client";

import type { TrainingRunView } from "@/lib/jobs/training-run-view";
import { JobProgress } from "@/components/jobs/job-progress";
import { formatDuration } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { surfaceClass } from "@/components/ui/styles";
import { formatTick, smooth } from "./chart-scale";
import { LineChart } from "./line-chart";
import { RunControls } from "./run-controls";
import { etaSeconds, summarizeRun } from "./run-summary";
import { TrainingSettingsList } from "./training-settings";
import { useTrainingRun } from "./use-training-run";

const ACCENT = "stroke-accent-600 dark:stroke-accent-400";
const EMERALD = "stroke-emerald-600 dark:stroke-emerald-400";
const AMBER = "stroke-amber-600 dark:stroke-amber-400";
const SKY = "stroke-sky-600 dark:stroke-sky-400";

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className={`${surfaceClass} px-4 py-3`}>
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-0.5 font-mono text-lg tabular-nums text-zinc-900 dark:text-zinc-100" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/**
 * The live dashboard of one training run: status, progress, sequences/s and ETA, cancel and
 * resume, charts of the loss (raw and smoothed), the evaluation metric, the learning rate and
 * the throughput over steps, and the run's settings.
 */
export function TrainingDashboard({ initial }: { initial: TrainingRunView }) {
  const { view, job, upsert } = useTrainingRun(initial);
  const points = view.points;
  const summary = summarizeRun(points);
  const total = job?.total || view.lastStep || 0;
  const steps = points.filter((p) => p.loss !== null);
  const smoothed = smooth(
    steps.map((p) => p.loss!),
    steps.length > 20 ? 0.8 : 0.5,
  );
  const evals = points.filter((p) => p.evalValue !== null);
  const metric = evals.at(-1)?.evalMetric ?? "evaluation metric";
  const xDomain: [number, number] | undefined = total > 0 ? [0, total] : undefined;
  const eta = etaSeconds(summary, total, job?.status === "running" ? job.etaSeconds : null);
  const scratch = view.modelVersion.source === "scratch";

  return (
    <div className="space-y-8" data-testid="training-dashboard" data-version-id={view.modelVersion.id}>
      <section aria-labelledby="run-status-heading" className={`${surfaceClass} p-5`}>
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0 space-y-1">
            <h2 id="run-status-heading" className="flex items-center gap-2 text-base font-semibold">
              Run status
              <StatusBadge status={job ? (job.cancelRequested && job.status === "running" ? "cancelling" : job.status) : view.modelVersion.status} testId="training-status" />
            </h2>
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              Model version {view.modelVersion.id} is <span data-testid="version-status">{view.modelVersion.status}</span>
              {job ? ` · job #${job.id}${job.attempts > 1 ? `, attempt ${job.attempts}` : ""}` : " · not trained by a job here"}
            </p>
          </div>
          {job && <RunControls job={job} onChange={upsert} />}
        </div>
        {job && (
          <div className="mt-4">
            <JobProgress job={job} label="Training progress" />
          </div>
        )}
        {job?.error && <p className="mt-2 text-sm whitespace-pre-line text-red-700 dark:text-red-400">{job.error}</p>}
      </section>

      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        <Stat label="Step" value={summary.lastStep === null ? "–" : `${summary.lastStep}${total ? ` / ${total}` : ""}`} testId="stat-step" />
        <Stat label="Loss (smoothed)" value={smoothed.length ? formatTick(smoothed[smoothed.length - 1]) : "–"} testId="stat-loss" />
        <Stat label="Sequences/s" value={summary.seqPerSec === null ? "–" : summary.seqPerSec.toFixed(1)} testId="stat-rate" />
        <Stat label="Time left" value={eta === null ? "–" : formatDuration(eta)} testId="stat-eta" />
        <Stat label="Elapsed" value={summary.elapsedSeconds === null ? "–" : formatDuration(summary.elapsedSeconds)} />
        <Stat
          label={summary.best ? `Best ${summary.best.metric}` : "Best evaluation"}
          value={summary.best ? `${summary.best.value.toFixed(3)} @${summary.best.step}` : "–"}
          testId="stat-best"
        />
      </dl>

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
              description={`${metric} on the held-out evaluation set; step 0 is the base model before training.${summary.baseline !== null ? ` Base: ${summary.baseline.toFixed(3)}.` : ""}`}
              xLabel="step"
              yLabel={metric}
              xDomain={xDomain}
              format={(v) => v.toFixed(4)}
              testId="eval-chart"
              emptyText="no evaluation yet (the first runs before step 1, then every tenth of the run)."
              series={[{ name: metric, strokeClass: EMERALD, fillClass: "fill-emerald-50 dark:fill-emerald-950", dots: true, points: evals.map((p) => ({ x: p.step, y: p.evalValue })) }]}
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
              series={[{ name: "sequences/s", strokeClass: SKY, points: steps.map((p) => ({ x: p.step, y: p.seqPerSec })) }]}
            />
          </div>
        </div>
        {view.downsampled && <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">Long run: {view.pointCount} steps, shown as {points.length} averaged points.</p>}
      </section>

      {view.settings && (
        <section aria-labelledby="settings-heading">
          <h2 id="settings-heading" className="mb-3 text-lg font-semibold">
            Settings
          </h2>
          <TrainingSettingsList settings={view.settings} scratch={scratch} />
        </section>
      )}
    </div>
  );
}
