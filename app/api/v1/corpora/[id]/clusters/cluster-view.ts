import { requestAccess } from "@/lib/auth/request-access";
import { appServices } from "@/lib/app-services";
import { idParam, notFound } from "@/lib/api/api-error";
import { currentClusterRun } from "@/lib/cluster/cluster-service";
import { getCorpus } from "@/lib/db/queries/corpora";
import type { ClusterRow, ClusterRun } from "@/lib/db/schema";

/** A cluster as the API returns it: the stable id as `id`. */
export function clusterView(row: ClusterRow) {
  return {
    id: row.clusterId,
    name: row.name,
    label: row.label,
    displayName: row.name || row.label,
    keywords: row.keywords,
    representativeIds: row.representativeIds,
    size: row.size,
    x: row.x,
    y: row.y,
  };
}

/** A run as the API returns it. */
export function runView(run: ClusterRun) {
  return {
    id: run.id,
    modelVersionId: run.modelVersionId,
    method: run.method,
    settings: run.settings,
    notes: run.notes,
    clusterCount: run.clusterCount,
    outlierCount: run.outlierCount,
    passageCount: run.passageCount,
    silhouette: run.silhouette,
    finishedAt: run.finishedAt,
  };
}

/**
 * The corpus id of a route, 404 when there is no such corpus. Access is checked first, so an
 * anonymous caller gets the same 401 for a private corpus and a missing one.
 */
export async function routeCorpusId(request: Request, params: Promise<{ id: string }>): Promise<number> {
  const id = idParam((await params).id, "corpus");
  requestAccess(request).assertCorpusReadable(id);
  if (!(await getCorpus(appServices().db, id))) throw notFound(`corpus ${id}`);
  return id;
}

/** The corpus's current clustering, after the access and corpus checks; 404 that says how to get one when there is none. */
export async function currentRun(request: Request, params: Promise<{ id: string }>): Promise<ClusterRun> {
  return currentClusterRun(appServices().db, await routeCorpusId(request, params));
}
