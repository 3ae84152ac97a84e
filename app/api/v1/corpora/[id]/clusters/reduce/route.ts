import { appServices } from "@/lib/app-services";
import { ApiError, handle, jsonBody } from "@/lib/api/api-error";
import { toJobView } from "@/lib/jobs/job-view";
import { enqueueClustering } from "@/lib/pipeline/stage-jobs";
import { currentRun } from "@/app/api/v1/corpora/[id]/clusters/cluster-view";
import { reduceBody } from "@/app/api/v1/corpora/[id]/clusters/schemas";

type Ctx = { params: Promise<{ id: string }> };

/** POST /api/v1/corpora/{id}/clusters/reduce { topics }: queues a job that merges the most similar clusters until `topics` remain. */
export const POST = handle(async (request: Request, { params }: Ctx) => {
  const run = await currentRun(request, params);
  const { topics } = reduceBody.parse(await jsonBody(request));
  if (topics >= run.clusterCount)
    throw new ApiError(400, `the clustering has ${run.clusterCount} clusters; ask for fewer topics than that`);
  const job = enqueueClustering(
    appServices().db,
    {
      corpusId: run.corpusId,
      modelVersionId: run.modelVersionId ?? undefined,
      settings: JSON.parse(run.settings),
      edit: { kind: "reduce", topics },
    },
    `Reduce clusters to ${topics} topics`,
  );
  return Response.json({ job: toJobView(job) }, { status: 202 });
});
