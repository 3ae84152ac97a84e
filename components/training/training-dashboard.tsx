"use client";

import { useLocale, useTranslations } from "next-intl";
import type { TrainingRunView } from "@/lib/jobs/training-run-view";
import { JobProgress } from "@/components/jobs/job-progress";
import { metricLabel } from "@/components/models/model-card";
import { formatDuration } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { surfaceClass } from "@/components/ui/styles";
import { formatTick } from "@/components/training/chart-scale";
import { RunControls } from "@/components/training/run-controls";
import { etaSeconds, summarizeRun } from "@/components/training/run-summary";
import { smoothedLoss, TrainingCharts } from "@/components/training/training-charts";
import { TrainingSettingsList } from "@/components/training/training-settings";
import { useTrainingRun } from "@/components/training/use-training-run";

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
  const t = useTranslations("Training");
  const locale = useLocale();
  const versionStatus = useTranslations("ModelStatus");
  const card = useTranslations("ModelCard");
  const { view, job, upsert } = useTrainingRun(initial);
  const points = view.points;
  const summary = summarizeRun(points);
  const total = job?.total || view.lastStep || 0;
  const smoothed = smoothedLoss(points);
  // Only a running job has time left: a finished, cancelled or failed run shows its final figures.
  const eta = job?.status === "running" ? etaSeconds(summary, total, job.etaSeconds) : null;
  const scratch = view.modelVersion.source === "scratch";

  return (
    <div className="space-y-8" data-testid="training-dashboard" data-version-id={view.modelVersion.id}>
      <section aria-labelledby="run-status-heading" className={`${surfaceClass} p-5`}>
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0 space-y-1">
            <h2 id="run-status-heading" className="flex items-center gap-2 text-base font-semibold">
              {t("runStatus")}
              <StatusBadge
                status={
                  job
                    ? job.cancelRequested && job.status === "running"
                      ? "cancelling"
                      : job.status
                    : view.modelVersion.status
                }
                testId="training-status"
              />
            </h2>
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              {t("versionIs", { id: view.modelVersion.id })}{" "}
              <span data-testid="version-status">
                {versionStatus.has(`label.${view.modelVersion.status}`)
                  ? versionStatus(`label.${view.modelVersion.status}`)
                  : view.modelVersion.status}
              </span>
              {job
                ? ` · ${t("jobN", { id: job.id })}${job.attempts > 1 ? t("attempt", { n: job.attempts }) : ""}`
                : ` · ${t("noJob")}`}
            </p>
          </div>
          {job && <RunControls job={job} onChange={upsert} />}
        </div>
        {job && (
          <div className="mt-4">
            <JobProgress job={job} label={t("progress")} />
          </div>
        )}
        {job?.error && <p className="mt-2 text-sm whitespace-pre-line text-red-700 dark:text-red-400">{job.error}</p>}
      </section>

      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
        <Stat
          label={t("step")}
          value={summary.lastStep === null ? "–" : `${summary.lastStep}${total ? ` / ${total}` : ""}`}
          testId="stat-step"
        />
        <Stat
          label={t("lossSmoothed")}
          value={smoothed.length ? formatTick(smoothed[smoothed.length - 1]) : "–"}
          testId="stat-loss"
        />
        <Stat
          label={t("seqPerSec")}
          value={summary.seqPerSec === null ? "–" : summary.seqPerSec.toFixed(1)}
          testId="stat-rate"
        />
        <Stat label={t("timeLeft")} value={eta === null ? "–" : formatDuration(eta, locale)} testId="stat-eta" />
        <Stat
          label={t("elapsed")}
          value={summary.elapsedSeconds === null ? "–" : formatDuration(summary.elapsedSeconds, locale)}
        />
        <Stat
          label={summary.best ? t("best", { metric: metricLabel(summary.best.metric, card) }) : t("bestEvaluation")}
          value={summary.best ? `${summary.best.value.toFixed(3)} @${summary.best.step}` : "–"}
          testId="stat-best"
        />
      </dl>

      <TrainingCharts
        points={points}
        totalSteps={total}
        note={view.downsampled ? t("downsampled", { steps: view.pointCount, points: points.length }) : undefined}
      />

      {view.settings && (
        <section aria-labelledby="settings-heading">
          <h2 id="settings-heading" className="mb-3 text-lg font-semibold">
            {t("settings")}
          </h2>
          <TrainingSettingsList settings={view.settings} scratch={scratch} />
        </section>
      )}
    </div>
  );
}
