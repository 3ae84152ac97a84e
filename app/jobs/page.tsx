import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { appServices } from "@/lib/app-services";
import { listJobs } from "@/lib/db/queries/jobs";
import { toJobView } from "@/lib/jobs/job-view";
import { JobList } from "@/components/jobs/job-list";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/app/_auth/page-guard";

export const dynamic = "force-dynamic";

/** The tab title, in the reader's language. */
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("Jobs"))("title") };
}

/** Background jobs (ingest, training, indexing) with live progress. */
export default async function JobsPage() {
  await requirePageRole("admin", "/jobs");
  // The same window the event stream's snapshot sends, so nothing jumps when it connects.
  const jobs = (await listJobs(appServices().db, { limit: 50 })).map(toJobView);
  const t = await getTranslations("Jobs");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <JobList initial={jobs} />
    </>
  );
}
