import { appServices } from "@/lib/app-services";
import { handle, jsonBody } from "@/lib/api/api-error";
import { embedTexts, row } from "@/lib/search/embedding-service";
import { assertBatchLimit, embedBody } from "@/app/api/v1/similarity/schemas";

/** POST /api/v1/embed `{ texts, corpusId?, modelVersionId? }` → `{ model, embeddings }` (L2-normalised, input order). */
export const POST = handle(async (request: Request) => {
  const body = embedBody.parse(await jsonBody(request));
  const { cfg, db, embedders } = appServices();
  assertBatchLimit(body, cfg.auth);
  const { model, vectors } = await embedTexts(db, embedders, body.texts, body);
  return Response.json({ model, embeddings: body.texts.map((_, i) => Array.from(row(vectors, model.dim, i))) });
});
