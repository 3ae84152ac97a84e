"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import type { JobView } from "@/lib/jobs/job-view";
import { EmptyState } from "@/components/ui/empty-state";
import { surfaceClass } from "@/components/ui/styles";
import { JobRow } from "@/components/jobs/job-row";
import { useJobEvents } from "@/components/jobs/use-job-events";

/** The live list of jobs: server-rendered first, then kept current over Server-Sent Events. */
export function JobList({ initial }: { initial: JobView[] }) {
  const t = useTranslations("Jobs");
  const status = useTranslations("Status");
  const [announcement, setAnnouncement] = useState("");
  const { jobs, stream, upsert } = useJobEvents({
    initial,
    onChange: (job, previous) => {
      // Announce status changes only, not every progress tick.
      if (previous && previous.status !== job.status)
        setAnnouncement(
          `${job.title || t("job", { id: job.id })}: ${status.has(job.status) ? status(job.status) : job.status}`,
        );
    },
  });
  return (
    <section aria-labelledby="jobs-heading">
      <div className="mb-3 flex items-center justify-between">
        <h2 id="jobs-heading" className="text-sm font-medium text-zinc-700 dark:text-zinc-300">
          {t("recent")}
        </h2>
        <span
          className="inline-flex items-center gap-1.5 text-xs text-zinc-500 dark:text-zinc-400"
          data-testid="stream-state"
        >
          <span
            aria-hidden="true"
            className={`h-2 w-2 rounded-full ${stream === "open" ? "bg-emerald-500" : "animate-pulse bg-amber-500"}`}
          />
          {t(stream)}
        </span>
      </div>
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
      {jobs.length === 0 ? (
        <EmptyState title={t("empty")}>{t("emptyText")}</EmptyState>
      ) : (
        <ul className={`${surfaceClass} divide-y divide-zinc-100 dark:divide-zinc-800`}>
          {jobs.map((job) => (
            <JobRow key={job.id} job={job} onCancelled={upsert} />
          ))}
        </ul>
      )}
    </section>
  );
}
