import { appServices } from "@/lib/app-services";
import { handle, idParam, jsonBody } from "@/lib/api/api-error";
import { toJobView } from "@/lib/jobs/job-view";
import { startTraining } from "@/lib/train/train-service";

type Ctx = { params: Promise<{ id: string }> };

/**
 * POST /api/v1/corpora/{id}/train: starts a training run on the corpus (JSON body, see
 * `trainRequest`; `{}` trains the configured base model with the defaults). 202 with the new
 * model version and the job to follow; 400 with field messages for bad options or a bad
 * pair file (file and line); 404 for an unknown corpus; 409 when it has nothing to train on.
 */
export const POST = handle(async (request: Request, { params }: Ctx) => {
  const id = idParam((await params).id, "corpus");
  const { db, cfg } = appServices();
  const { modelVersion, job } = await startTraining(db, cfg, id, await jsonBody(request));
  return Response.json({ modelVersion, job: toJobView(job) }, { status: 202 });
});
