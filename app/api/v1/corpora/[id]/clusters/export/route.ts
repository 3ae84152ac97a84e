import { appServices } from "@/lib/app-services";
import { handle } from "@/lib/api/api-error";
import { exportAssignments, listClusters } from "@/lib/db/queries/clusters";
import { csvField } from "@/lib/web/csv-field";
import { currentRun } from "@/app/api/v1/corpora/[id]/clusters/cluster-view";
import { exportQuery } from "@/app/api/v1/corpora/[id]/clusters/schemas";

type Ctx = { params: Promise<{ id: string }> };

/**
 * GET /api/v1/corpora/{id}/clusters/export?format=csv|json: every passage's cluster assignment
 * (cluster −1: outlier) with the cluster's name and the map position, as a download.
 */
export const GET = handle(async (request: Request, { params }: Ctx) => {
  const run = await currentRun(request, params);
  const { format } = exportQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { db } = appServices();
  const names = new Map((await listClusters(db, run.id)).map((c) => [c.clusterId, c.name || c.label]));
  const rows = (await exportAssignments(db, run.id)).map((r) => ({
    ...r,
    clusterName: r.clusterId < 0 ? "outlier" : (names.get(r.clusterId) ?? ""),
  }));
  const file = `corpus-${run.corpusId}-clusters.${format}`;
  const disposition = { "Content-Disposition": `attachment; filename="${file}"` };
  if (format === "json")
    return Response.json({ runId: run.id, method: run.method, assignments: rows }, { headers: disposition });
  const header = "passage_id,document_id,document_title,cluster_id,cluster_name,x,y";
  const lines = rows.map((r) =>
    [r.passageId, r.documentId, r.documentTitle, r.clusterId, r.clusterName, r.x.toFixed(5), r.y.toFixed(5)]
      .map(csvField)
      .join(","),
  );
  return new Response([header, ...lines].join("\n") + "\n", {
    headers: { ...disposition, "Content-Type": "text/csv; charset=utf-8" },
  });
});
