import { useTranslations } from "next-intl";
import type { JobView } from "@/lib/jobs/job-view";
import { JobProgress } from "@/components/jobs/job-progress";
import { Alert } from "@/components/ui/alert";
import { StatusBadge } from "@/components/ui/status-badge";

/** The ingest jobs the upload panel follows: live progress, then the outcome. */
export function UploadJobs({ jobs }: { jobs: JobView[] }) {
  const t = useTranslations("Upload");
  if (jobs.length === 0) return null;
  return (
    <ul className="space-y-3" aria-label={t("ingestProgress")}>
      {jobs.map((job) => (
        <li
          key={job.id}
          data-testid="upload-job"
          data-status={job.status}
          className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
        >
          <div className="mb-2 flex items-center justify-between gap-2 text-sm">
            <span className="min-w-0 truncate font-medium">{job.title || t("job", { id: job.id })}</span>
            <StatusBadge status={job.status} />
          </div>
          <JobProgress job={job} />
          {job.status === "failed" && job.error && (
            <div className="mt-2">
              <Alert tone="error" testId="upload-error">
                {job.error}
              </Alert>
            </div>
          )}
          {job.status === "succeeded" && (
            <p className="mt-2 text-sm text-emerald-700 dark:text-emerald-400">{t("done")}</p>
          )}
        </li>
      ))}
    </ul>
  );
}
