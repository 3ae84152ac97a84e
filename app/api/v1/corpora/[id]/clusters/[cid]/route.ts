import { appServices } from "@/lib/app-services";
import { handle, jsonBody, notFound } from "@/lib/api/api-error";
import { clusterDetail, renameClusterOf } from "@/lib/cluster/cluster-service";
import { clusterView, currentRun, runView } from "@/app/api/v1/corpora/[id]/clusters/cluster-view";

type Ctx = { params: Promise<{ id: string; cid: string }> };

/** The stable cluster id of the route; −1 (the outliers) is allowed. */
function clusterIdParam(raw: string): number {
  if (!/^-?\d{1,9}$/.test(raw)) throw notFound("cluster");
  return Number(raw);
}

/**
 * GET /api/v1/corpora/{id}/clusters/{cid}?limit&offset: one cluster (−1: the outliers) with its
 * representative passages, a page of members and the run's silhouette.
 */
export const GET = handle(async (request: Request, { params }: Ctx) => {
  const run = await currentRun(request, params);
  const clusterId = clusterIdParam((await params).cid);
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const { cluster, representatives, members, total, limit, offset } = await clusterDetail(
    appServices().db,
    run,
    clusterId,
    query,
  );
  return Response.json({
    run: runView(run),
    cluster: cluster ? clusterView(cluster) : null,
    representatives,
    members,
    total,
    limit,
    offset,
  });
});

/** PATCH /api/v1/corpora/{id}/clusters/{cid} { name }: renames a cluster; null or "" restores the keyword label. */
export const PATCH = handle(async (request: Request, { params }: Ctx) => {
  const run = await currentRun(request, params);
  const clusterId = clusterIdParam((await params).cid);
  const cluster = await renameClusterOf(appServices().db, run, clusterId, await jsonBody(request));
  return Response.json({ cluster: clusterView(cluster) });
});
