import { appServices } from "@/lib/app-services";
import { handle, idParam, jsonBody, notFound } from "@/lib/api/api-error";
import { requestAccess } from "@/lib/auth/request-access";
import { getCorpusSummary, setCorpusPublic } from "@/lib/db/queries/corpora";
import { removeCorpus } from "@/lib/jobs/remove-corpus";
import { updateCorpusBody } from "@/app/api/v1/corpora/schemas";
import { listUploads } from "@/lib/db/queries/uploads";

type Ctx = { params: Promise<{ id: string }> };

/** GET /api/v1/corpora/{id}: the corpus, its counts and its uploads. */
export const GET = handle(async (request: Request, { params }: Ctx) => {
  const id = idParam((await params).id, "corpus");
  requestAccess(request).assertCorpusReadable(id);
  const { db } = appServices();
  const corpus = await getCorpusSummary(db, id);
  if (!corpus) throw notFound(`corpus ${id}`);
  return Response.json({ corpus, uploads: await listUploads(db, id) });
});

/** PATCH /api/v1/corpora/{id} `{ public }`: allows or stops reading the corpus without logging in. */
export const PATCH = handle(async (request: Request, { params }: Ctx) => {
  const id = idParam((await params).id, "corpus");
  const body = updateCorpusBody.parse(await jsonBody(request));
  const { db } = appServices();
  if (!(await setCorpusPublic(db, id, body.public))) throw notFound(`corpus ${id}`);
  requestAccess(request).auditDetail = body.public ? "made public (anonymous read)" : "made private";
  return Response.json({ corpus: await getCorpusSummary(db, id) });
});

/** DELETE /api/v1/corpora/{id}: removes the corpus with all its documents, then its index and trained model folders. */
export const DELETE = handle(async (request: Request, { params }: Ctx) => {
  const id = idParam((await params).id, "corpus");
  const { db, cfg } = appServices();
  const corpus = await getCorpusSummary(db, id);
  if (!corpus || !(await removeCorpus(db, cfg, id))) throw notFound(`corpus ${id}`);
  requestAccess(request).auditDetail = `deleted corpus "${corpus.name}" (${corpus.documentCount} documents)`;
  return new Response(null, { status: 204 });
});
