import { appServices } from "@/lib/app-services";
import { ApiError, handle, idParam, jsonBody, notFound } from "@/lib/api/api-error";
import { getCorpusSummary } from "@/lib/db/queries/corpora";
import { toJobView } from "@/lib/jobs/job-view";
import { startTraining } from "@/lib/jobs/start-training";
import type { TrainerOptionsInput } from "@/lib/train/trainer/trainer-options";
import { trainBody } from "@/app/api/v1/corpora/[id]/train/schemas";

type Ctx = { params: Promise<{ id: string }> };

/**
 * POST /api/v1/corpora/{id}/train: starts a training run on the corpus (JSON body, see
 * `trainBody`; `{}` trains the configured base model with the defaults). 202 with the new
 * model version and the job to follow; 400 with field messages for bad options or a bad
 * pair file (file and line); 409 when the corpus has nothing to train on.
 */
export const POST = handle(async (request: Request, { params }: Ctx) => {
  const id = idParam((await params).id, "corpus");
  const { db, cfg } = appServices();
  const corpus = getCorpusSummary(db, id);
  if (!corpus) throw notFound(`corpus ${id}`);
  const raw = await jsonBody(request);
  const body = trainBody.parse(raw);
  if (!body.pairFile && corpus.passageCount < 2) {
    throw new ApiError(
      409,
      `corpus "${corpus.name}" has ${corpus.passageCount} passage(s): upload documents first (or send a pair file) so there is something to train on`,
    );
  }
  // The options as sent, not with the schema's defaults filled in: what is left out is chosen by
  // the run's recipe from the corpus (see chooseRecipe).
  const { modelVersion, job } = startTraining(db, cfg, id, {
    ...body,
    options: (raw as { options?: TrainerOptionsInput }).options ?? {},
  });
  return Response.json({ modelVersion, job: toJobView(job) }, { status: 202 });
});
