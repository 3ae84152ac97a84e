import { appServices } from "@/lib/app-services";
import { ApiError, handle, jsonBody } from "@/lib/api/api-error";
import { getCluster } from "@/lib/db/queries/clusters";
import { toJobView } from "@/lib/jobs/job-view";
import { enqueueClustering } from "@/lib/pipeline/stage-jobs";
import { currentRun } from "@/app/api/v1/corpora/[id]/clusters/cluster-view";
import { mergeBody } from "@/app/api/v1/corpora/[id]/clusters/schemas";

type Ctx = { params: Promise<{ id: string }> };

/**
 * POST /api/v1/corpora/{id}/clusters/merge { clusterIds }: queues a job that merges the clusters
 * into the first (which keeps its id and name) and renames them by keywords; the map stays.
 */
export const POST = handle(async (request: Request, { params }: Ctx) => {
  const run = await currentRun(request, params);
  const { clusterIds } = mergeBody.parse(await jsonBody(request));
  const { db } = appServices();
  const unique = [...new Set(clusterIds)];
  if (unique.length < 2) throw new ApiError(400, "name at least two different clusters to merge");
  const missing = unique.filter((id) => !getCluster(db, run.id, id));
  if (missing.length) throw new ApiError(404, `no cluster ${missing.join(", ")} in the current clustering`);
  const job = enqueueClustering(
    db,
    {
      corpusId: run.corpusId,
      modelVersionId: run.modelVersionId ?? undefined,
      settings: JSON.parse(run.settings),
      edit: { kind: "merge", clusterIds: unique },
    },
    `Merge clusters ${unique.join(", ")}`,
  );
  return Response.json({ job: toJobView(job) }, { status: 202 });
});
