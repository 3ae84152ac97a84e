import { appServices } from "@/lib/app-services";
import { handle, idParam, notFound } from "@/lib/api/api-error";
import { trainingRunView } from "@/lib/jobs/training-run-view";
import { trainingQuery } from "@/app/api/v1/models/[id]/training/schemas";

/**
 * GET /api/v1/models/{id}/training?after&max: a model version's training run: its job
 * (progress, ETA, status), settings, and the history of points {step, loss, lr, seqPerSec,
 * evalValue, …}; with `after=STEP` only newer points, for live updates.
 */
export const GET = handle(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const id = idParam((await params).id, "model version");
  const q = trainingQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const view = await trainingRunView(appServices().db, id, { afterStep: q.after, max: q.max });
  if (!view) throw notFound(`model version ${id}`);
  return Response.json(view);
});
