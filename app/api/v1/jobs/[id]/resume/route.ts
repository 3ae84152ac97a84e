import { appServices } from "@/lib/app-services";
import { handle, idParam } from "@/lib/api/api-error";
import { toJobView } from "@/lib/jobs/job-view";
import { resumeTraining } from "@/lib/jobs/resume-training";

/**
 * POST /api/v1/jobs/{id}/resume: queues a cancelled or failed training job again; it continues
 * from its last checkpoint. 404 for an unknown job, 409 for other jobs or states.
 */
export const POST = handle(async (_req: Request, { params }: { params: Promise<{ id: string }> }) => {
  const id = idParam((await params).id, "job");
  return Response.json({ job: toJobView(await resumeTraining(appServices().db, id)) });
});
