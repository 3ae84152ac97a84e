import { appServices } from "@/lib/app-services";
import { handle, jsonBody } from "@/lib/api/api-error";
import { reduceClusters } from "@/lib/cluster/cluster-service";
import { toJobView } from "@/lib/jobs/job-view";
import { currentRun } from "@/app/api/v1/corpora/[id]/clusters/cluster-view";

type Ctx = { params: Promise<{ id: string }> };

/** POST /api/v1/corpora/{id}/clusters/reduce { topics }: queues a job that merges the most similar clusters until `topics` remain. */
export const POST = handle(async (request: Request, { params }: Ctx) => {
  const run = await currentRun(request, params);
  const job = await reduceClusters(appServices().db, run, await jsonBody(request));
  return Response.json({ job: toJobView(job) }, { status: 202 });
});
