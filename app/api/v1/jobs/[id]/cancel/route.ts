import { appServices } from "@/lib/app-services";
import { handle, idParam, notFound } from "@/lib/api/api-error";
import { requestCancel } from "@/lib/db/queries/jobs";
import { toJobView } from "@/lib/jobs/job-view";

/** POST /api/v1/jobs/{id}/cancel: cancels a queued job at once, a running one at its next step. */
export const POST = handle(async (_req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const id = idParam((await params).id, "job");
  const job = await requestCancel(appServices().db, id);
  if (!job) throw notFound(`job ${id}`);
  return Response.json({ job: toJobView(job) });
});
