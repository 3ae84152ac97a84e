import { appServices } from "@/lib/app-services";
import { handle, jsonBody } from "@/lib/api/api-error";
import { loginRequired } from "@/lib/auth/access-error";
import { requestAccess } from "@/lib/auth/request-access";
import { cosine } from "@/lib/core/vector-math";
import { embedTexts, row, similarityMatrix } from "@/lib/search/embedding-service";
import { assertAnonymousSize, assertBatchLimit, similarityBody } from "@/app/api/v1/similarity/schemas";

/**
 * POST /api/v1/similarity: `{ texts: [...] }` → `{ matrix }` (cosine, [n, n]) or
 * `{ pairs: [[a, b], ...] }` → `{ scores }`; with the live model of `corpusId` (or a `modelVersionId`).
 */
export const POST = handle(async (request: Request) => {
  const body = similarityBody.parse(await jsonBody(request));
  const { cfg, db, embedders } = appServices();
  if ("pairs" in body) assertBatchLimit(body, cfg.auth);
  const access = requestAccess(request);
  // Anonymous callers may use the model of a public corpus, named by corpusId, and no other.
  access.assertCorpusReadable(body.corpusId);
  if (access.isAnonymous && body.modelVersionId !== undefined) throw loginRequired("modelVersionId");
  if (access.isAnonymous) assertAnonymousSize(body, cfg.auth);
  if ("texts" in body) {
    const { model, vectors } = await embedTexts(db, embedders, body.texts, body);
    return Response.json({ model, texts: body.texts, matrix: similarityMatrix(vectors, model.dim) });
  }
  const { model, vectors } = await embedTexts(db, embedders, body.pairs.flat(), body);
  const scores = body.pairs.map((_, i) => cosine(row(vectors, model.dim, 2 * i), row(vectors, model.dim, 2 * i + 1)));
  return Response.json({ model, scores });
});
