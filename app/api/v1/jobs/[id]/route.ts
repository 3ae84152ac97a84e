import { appServices } from "@/lib/app-services";
import { handle, idParam, notFound } from "@/lib/api/api-error";
import { getJob } from "@/lib/db/queries/jobs";
import { toJobView } from "@/lib/jobs/job-view";

/** GET /api/v1/jobs/{id}: one job with its progress. */
export const GET = handle(async (_req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const id = idParam((await params).id, "job");
  const job = await getJob(appServices().db, id);
  if (!job) throw notFound(`job ${id}`);
  return Response.json({ job: toJobView(job) });
});
