import { appServices } from "@/lib/app-services";
import { ApiError, handle, jsonBody, notFound } from "@/lib/api/api-error";
import { clusterMembers, corpusPassages, getCluster, renameCluster } from "@/lib/db/queries/clusters";
import { clusterView, currentRun, runView } from "@/app/api/v1/corpora/[id]/clusters/cluster-view";
import { membersQuery, renameBody } from "@/app/api/v1/corpora/[id]/clusters/schemas";

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
  const { db } = appServices();
  const row = getCluster(db, run.id, clusterId);
  if (!row && clusterId !== -1) throw notFound(`cluster ${clusterId}`);
  const page = membersQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const members = clusterMembers(db, run.id, clusterId, page);
  const cluster = row ? clusterView(row) : null;
  return Response.json({
    run: runView(run),
    cluster,
    representatives: cluster ? corpusPassages(db, run.corpusId, cluster.representativeIds) : [],
    members: members.rows,
    total: members.total,
    ...page,
  });
});

/** PATCH /api/v1/corpora/{id}/clusters/{cid} { name }: renames a cluster; null or "" restores the keyword label. */
export const PATCH = handle(async (request: Request, { params }: Ctx) => {
  const run = await currentRun(request, params);
  const clusterId = clusterIdParam((await params).cid);
  const { name } = renameBody.parse(await jsonBody(request));
  const { db } = appServices();
  if (clusterId === -1) throw new ApiError(400, "the outliers are not a cluster and cannot be renamed");
  if (!renameCluster(db, run.id, clusterId, name ? name : null)) throw notFound(`cluster ${clusterId}`);
  return Response.json({ cluster: clusterView(getCluster(db, run.id, clusterId)!) });
});
