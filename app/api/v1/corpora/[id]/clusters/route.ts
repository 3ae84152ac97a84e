import { appServices } from "@/lib/app-services";
import { ApiError, handle, jsonBody } from "@/lib/api/api-error";
import { latestClusterRun, listClusters } from "@/lib/db/queries/clusters";
import { latestJobOfType } from "@/lib/db/queries/jobs";
import { getModelVersion, liveModelVersion } from "@/lib/db/queries/model-versions";
import { toJobView } from "@/lib/jobs/job-view";
import { enqueueClustering } from "@/lib/pipeline/stage-jobs";
import { clusterView, routeCorpusId, runView } from "@/app/api/v1/corpora/[id]/clusters/cluster-view";
import { clusterRunBody } from "@/app/api/v1/corpora/[id]/clusters/schemas";

type Ctx = { params: Promise<{ id: string }> };

/**
 * GET /api/v1/corpora/{id}/clusters: the current clustering (run, clusters largest first with
 * labels, keywords and sizes) and the newest clustering job; `run` is null before the first run.
 */
export const GET = handle(async (request: Request, { params }: Ctx) => {
  const corpusId = await routeCorpusId(request, params);
  const { db } = appServices();
  const run = latestClusterRun(db, corpusId);
  const job = latestJobOfType(db, corpusId, "cluster");
  return Response.json({
    corpusId,
    run: run ? runView(run) : null,
    clusters: run ? listClusters(db, run.id).map(clusterView) : [],
    job: job ? toJobView(job) : null,
  });
});

/** POST /api/v1/corpora/{id}/clusters: queues a new clustering with these settings; 202 with the job. */
export const POST = handle(async (request: Request, { params }: Ctx) => {
  const corpusId = await routeCorpusId(request, params);
  const { modelVersionId, ...settings } = clusterRunBody.parse(await jsonBody(request));
  const { db } = appServices();
  if (modelVersionId !== undefined && getModelVersion(db, modelVersionId)?.corpusId !== corpusId)
    throw new ApiError(404, `model version ${modelVersionId} of corpus ${corpusId} not found`);
  if (modelVersionId === undefined && !liveModelVersion(db, corpusId))
    throw new ApiError(409, "this corpus has no model yet: clustering starts by itself once its model is ready");
  if (settings.kMax < settings.kMin)
    throw new ApiError(400, `kMax (${settings.kMax}) must be at least kMin (${settings.kMin})`);
  const job = enqueueClustering(db, { corpusId, modelVersionId, settings });
  return Response.json({ job: toJobView(job) }, { status: 202 });
});
