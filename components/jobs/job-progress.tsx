import { useLocale, useTranslations } from "next-intl";
import type { JobView } from "@/lib/jobs/job-view";
import { formatCount, formatDuration, formatPercent, formatRate } from "@/components/ui/format";
import { ProgressBar } from "@/components/ui/progress-bar";

const TONE = {
  succeeded: "success",
  failed: "danger",
  cancelled: "muted",
  queued: "muted",
  running: "accent",
} as const;

/** A job's progress bar with percent, items done, rate, ETA and message. */
export function JobProgress({ job, label }: { job: JobView; label?: string }) {
  const t = useTranslations("Jobs");
  const locale = useLocale();
  const running = job.status === "running";
  const tone = TONE[job.status as keyof typeof TONE] ?? "accent";
  // A running job without a total yet has no meaningful percent: show an indeterminate bar.
  const value = running && job.total === 0 && job.progress === 0 ? null : job.progress;
  return (
    <div className="space-y-1.5">
      <ProgressBar
        value={value}
        tone={tone}
        label={label ?? t("progressOf", { title: job.title || t("jobLower", { id: job.id }) })}
      />
      <p className="flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
        <span className="font-medium text-zinc-800 dark:text-zinc-200">{formatPercent(job.progress)}</span>
        {job.total > 0 && (
          <span>
            {formatCount(job.done)} / {formatCount(job.total)}
          </span>
        )}
        {running && job.rate !== null && job.rate > 0 && <span>{formatRate(job.rate, t("itemsPerSecond"))}</span>}
        {running && job.etaSeconds !== null && job.etaSeconds > 0 && (
          <span>{t("eta", { duration: formatDuration(job.etaSeconds, locale) })}</span>
        )}
        {job.message && <span className="min-w-0 truncate text-zinc-500 dark:text-zinc-400">{job.message}</span>}
      </p>
    </div>
  );
}
