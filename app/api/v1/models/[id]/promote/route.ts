import { appServices } from "@/lib/app-services";
import { handle, idParam, jsonBody } from "@/lib/api/api-error";
import { actorLabel } from "@/lib/auth/principal";
import { requestAccess } from "@/lib/auth/request-access";
import { toJobView } from "@/lib/jobs/job-view";
import { promoteByHand } from "@/lib/index/index-service";
import { promoteBody } from "@/app/api/v1/models/[id]/promote/schemas";

/**
 * POST /api/v1/models/{id}/promote `{ note? }`: makes a ready or retired model version serve its
 * corpus (a promotion, or a rollback), whatever the held-out comparison decided. Admin only;
 * audited. 200 when it serves now (the previous live version is retired), 202 when its index
 * must be built first (it serves when that job completes), 404 for an unknown version, 409 for
 * one that cannot serve (still training, failed).
 */
export const POST = handle(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const id = idParam((await params).id, "model version");
  const body = promoteBody.parse(request.body ? await jsonBody(request) : {});
  const { db, cfg } = appServices();
  const access = requestAccess(request);
  const { modelVersion, previous, outcome, job } = await promoteByHand(db, id, {
    indexDir: cfg.indexDir,
    actor: actorLabel(access.principal),
  });
  access.auditDetail = `${outcome === "unchanged" ? "already served" : `serve model version ${id}`} for corpus ${modelVersion.corpusId}${previous ? ` in place of version ${previous.id}` : ""}${body.note ? `: ${body.note}` : ""}`;
  return Response.json(
    { modelVersion, outcome, previous, job: job ? toJobView(job) : undefined },
    { status: outcome === "indexing" ? 202 : 200 },
  );
});
