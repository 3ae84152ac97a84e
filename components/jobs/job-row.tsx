"use client";

import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import type { JobView } from "@/lib/jobs/job-view";
import { formatDateTime, isoTime } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";
import { buttonClass, linkClass } from "@/components/ui/styles";
import { canResume, RunControls } from "@/components/training/run-controls";
import { JobProgress } from "@/components/jobs/job-progress";
import { isActive } from "@/components/jobs/use-job-events";

/** Props of {@link JobRow}. */
export interface JobRowProps {
  job: JobView;
  /** Receives the job as a cancel or resume request returned it, so the row updates before the stream does. */
  onCancelled: (job: JobView) => void;
}

function Time({ label, ms }: { label: string; ms: number }) {
  const locale = useLocale();
  return (
    <span>
      {label} {/* Server and browser may sit in different time zones; the browser's rendering wins. */}
      <time dateTime={isoTime(ms)} suppressHydrationWarning>
        {formatDateTime(ms, locale)}
      </time>
    </span>
  );
}

/** One job: title, type, status, progress, times, error, and Cancel while it is queued or running. */
export function JobRow({ job, onCancelled }: JobRowProps) {
  const t = useTranslations("Jobs");
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function cancel() {
    setCancelling(true);
    setError(null);
    try {
      const res = await fetch(`/api/v1/jobs/${job.id}/cancel`, { method: "POST" });
      const body = await res.json().catch(() => null);
      if (!res.ok) throw new Error(body?.error?.message ?? t("serverAnswered", { status: res.status }));
      onCancelled(body.job as JobView);
    } catch (err) {
      setError(t("cancelFailed", { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setCancelling(false);
    }
  }

  return (
    <li data-testid="job-row" data-job-id={job.id} data-status={job.status} className="px-5 py-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 className="flex flex-wrap items-center gap-2 text-sm font-semibold text-zinc-900 dark:text-zinc-100">
            <span className="truncate">{job.title || t("job", { id: job.id })}</span>
            <StatusBadge
              status={job.cancelRequested && job.status === "running" ? "cancelling" : job.status}
              testId="job-status"
            />
          </h3>
          <p className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-zinc-500 dark:text-zinc-400">
            <span className="font-mono">{job.type}</span>
            <span>#{job.id}</span>
            <Time label={t("createdAt")} ms={job.createdAt} />
            {job.finishedAt !== null && <Time label={t("finishedAt")} ms={job.finishedAt} />}
            {job.attempts > 1 && <span>{t("attempt", { n: job.attempts })}</span>}
          </p>
        </div>
        {canResume(job) && <RunControls job={job} onChange={onCancelled} compact />}
        {isActive(job) && !job.cancelRequested && (
          <button
            type="button"
            onClick={cancel}
            disabled={cancelling}
            className={buttonClass("secondary", "px-3 py-1.5 text-xs")}
          >
            {cancelling ? t("cancelling") : t("cancel")}
            <span className="sr-only"> {job.title || t("jobLower", { id: job.id })}</span>
          </button>
        )}
      </div>
      <div className="mt-3">
        <JobProgress job={job} />
      </div>
      {job.type === "train" && job.modelVersionId !== null && (
        <p className="mt-2 text-sm">
          <Link href={`/models/${job.modelVersionId}`} className={linkClass} data-testid="job-training-link">
            {t("dashboardLink")}
          </Link>
        </p>
      )}
      {job.error && <p className="mt-2 text-sm whitespace-pre-line text-red-700 dark:text-red-400">{job.error}</p>}
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </li>
  );
}
