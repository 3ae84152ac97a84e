import { appServices } from "@/lib/app-services";
import { handle, idParam, notFound } from "@/lib/api/api-error";
import { deleteCorpus, getCorpusSummary } from "@/lib/db/queries/corpora";
import { listUploads } from "@/lib/db/queries/uploads";

type Ctx = { params: Promise<{ id: string }> };

/** GET /api/v1/corpora/{id}: the corpus, its counts and its uploads. */
export const GET = handle(async (_req: Request, { params }: Ctx) => {
  const id = idParam((await params).id, "corpus");
  const { db } = appServices();
  const corpus = getCorpusSummary(db, id);
  if (!corpus) throw notFound(`corpus ${id}`);
  return Response.json({ corpus, uploads: listUploads(db, id) });
});

/** DELETE /api/v1/corpora/{id}: removes the corpus with all its documents. */
export const DELETE = handle(async (_req: Request, { params }: Ctx) => {
  const id = idParam((await params).id, "corpus");
  if (!deleteCorpus(appServices().db, id)) throw notFound(`corpus ${id}`);
  return new Response(null, { status: 204 });
});
