import { appServices } from "@/lib/app-services";
import { handle, jsonBody } from "@/lib/api/api-error";
import { clusterState, startClustering } from "@/lib/cluster/cluster-service";
import { toJobView } from "@/lib/jobs/job-view";
import { clusterView, routeCorpusId, runView } from "@/app/api/v1/corpora/[id]/clusters/cluster-view";

type Ctx = { params: Promise<{ id: string }> };

/**
 * GET /api/v1/corpora/{id}/clusters: the current clustering (run, clusters largest first with
 * labels, keywords and sizes) and the newest clustering job; `run` is null before the first run.
 */
export const GET = handle(async (request: Request, { params }: Ctx) => {
  const corpusId = await routeCorpusId(request, params);
  const { run, clusters, job } = await clusterState(appServices().db, corpusId);
  return Response.json({
    corpusId,
    run: run ? runView(run) : null,
    clusters: clusters.map(clusterView),
    job: job ? toJobView(job) : null,
  });
});

/**
 * POST /api/v1/corpora/{id}/clusters: queues a new clustering with these settings (see
 * `clusterRunRequest`); 202 with the job, 400 for bad settings, 404 for a model version not of
 * this corpus, 409 when the corpus has no model yet.
 */
export const POST = handle(async (request: Request, { params }: Ctx) => {
  const corpusId = await routeCorpusId(request, params);
  const job = await startClustering(appServices().db, corpusId, await jsonBody(request));
  return Response.json({ job: toJobView(job) }, { status: 202 });
});
