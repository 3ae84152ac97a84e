"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import type { JobView } from "@/lib/jobs/job-view";
import { buttonClass } from "@/components/ui/styles";

/** True for a training job that {@link RunControls} can resume. */
export function canResume(job: Pick<JobView, "type" | "status">): boolean {
  return job.type === "train" && (job.status === "cancelled" || job.status === "failed");
}

async function post(url: string, answered: (status: number) => string): Promise<JobView> {
  const res = await fetch(url, { method: "POST" });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(body?.error?.message ?? answered(res.status));
  return body.job as JobView;
}

/**
 * Cancel while a training job is queued or running; Resume (from the last checkpoint) once it
 * is cancelled or failed. `onChange` gets the job as the server answered.
 */
export function RunControls({
  job,
  onChange,
  compact = false,
}: {
  job: JobView;
  onChange: (job: JobView) => void;
  compact?: boolean;
}) {
  const t = useTranslations("Training");
  const [busy, setBusy] = useState<"cancel" | "resume" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const size = compact ? "px-3 py-1.5 text-xs" : "";

  async function act(kind: "cancel" | "resume") {
    setBusy(kind);
    setError(null);
    try {
      onChange(await post(`/api/v1/jobs/${job.id}/${kind}`, (status) => t("serverAnswered", { status })));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      setError(t(kind === "cancel" ? "cancelFailed" : "resumeFailed", { message }));
    } finally {
      setBusy(null);
    }
  }

  const active = job.status === "queued" || job.status === "running";
  return (
    <div className="flex flex-col items-end gap-1">
      {active && !job.cancelRequested && (
        <button
          type="button"
          className={buttonClass("secondary", size)}
          disabled={busy !== null}
          onClick={() => act("cancel")}
          data-testid="cancel-training"
        >
          {busy === "cancel" ? t("cancelling") : t("cancel")}
        </button>
      )}
      {canResume(job) && (
        <button
          type="button"
          className={buttonClass("primary", size)}
          disabled={busy !== null}
          onClick={() => act("resume")}
          data-testid="resume-training"
        >
          {busy === "resume" ? t("resuming") : t("resume")}
        </button>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
