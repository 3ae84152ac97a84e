import { appServices } from "@/lib/app-services";
import { handle } from "@/lib/api/api-error";
import { encodeMapPayload } from "@/lib/cluster/map-payload";
import { mapPoints } from "@/lib/db/queries/clusters";
import { currentRun } from "@/app/api/v1/corpora/[id]/clusters/cluster-view";
import { mapQuery } from "@/app/api/v1/corpora/[id]/clusters/schemas";

type Ctx = { params: Promise<{ id: string }> };

/**
 * GET /api/v1/corpora/{id}/clusters/map?format=binary|json: every passage's cluster and map
 * position. Binary (default, see lib/cluster/map-payload.ts) or JSON of parallel arrays.
 */
export const GET = handle(async (request: Request, { params }: Ctx) => {
  const run = await currentRun(request, params);
  const { format } = mapQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const points = await mapPoints(appServices().db, run.id);
  const headers = {
    "Cache-Control": "private, max-age=0, must-revalidate",
    ETag: `"run-${run.id}-${format}"`,
    "X-Cluster-Run": String(run.id),
  };
  if (request.headers.get("if-none-match") === headers.ETag) return new Response(null, { status: 304, headers });
  if (format === "json") {
    const x = Array.from({ length: points.passageIds.length }, (_, i) => Number(points.xy[i * 2].toFixed(5)));
    const y = Array.from({ length: points.passageIds.length }, (_, i) => Number(points.xy[i * 2 + 1].toFixed(5)));
    return Response.json(
      { runId: run.id, passageIds: Array.from(points.passageIds), clusterIds: Array.from(points.clusterIds), x, y },
      { headers },
    );
  }
  return new Response(encodeMapPayload(points), {
    headers: { ...headers, "Content-Type": "application/octet-stream" },
  });
});
