"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { JobView } from "@/lib/jobs/job-view";
import { isActive, useJobEvents } from "@/components/jobs/use-job-events";
import { JobProgress } from "@/components/jobs/job-progress";
import { Alert } from "@/components/ui/alert";

/**
 * The corpus's clustering job, live: progress while it runs, its error when it failed, and a
 * refresh of the page when it succeeds, so the new clusters appear without a reload.
 */
export function ClusterJobStatus({ corpusId, initial }: { corpusId: number; initial: JobView[] }) {
  const router = useRouter();
  const t = useTranslations("Clusters");
  const { jobs } = useJobEvents({
    corpusId,
    initial,
    onChange: (job, previous) => {
      if (job.type === "cluster" && job.status === "succeeded" && previous && previous.status !== "succeeded")
        router.refresh();
    },
  });
  const latest = jobs.find((j) => j.type === "cluster");
  if (!latest) return null;
  if (isActive(latest)) {
    return (
      <div
        data-testid="cluster-job"
        className="mb-6 rounded-lg border border-accent-200 bg-accent-50/50 p-4 dark:border-accent-900 dark:bg-accent-950/30"
      >
        <p className="mb-2 text-sm font-medium">{latest.status === "queued" ? t("queued") : t("clustering")}</p>
        <JobProgress job={latest} label={t("progress")} />
      </div>
    );
  }
  if (latest.status === "failed") {
    return (
      <div className="mb-6">
        <Alert tone="error" title={t("failed")}>
          {latest.error ?? latest.message}
        </Alert>
      </div>
    );
  }
  return null;
}
