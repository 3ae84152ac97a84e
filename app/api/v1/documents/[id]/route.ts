import { appServices } from "@/lib/app-services";
import { handle, idParam, notFound } from "@/lib/api/api-error";
import { requestAccess } from "@/lib/auth/request-access";
import { getDocument } from "@/lib/db/queries/documents";

/** GET /api/v1/documents/{id}: the document's text, metadata and passages with offsets. */
export const GET = handle(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const id = idParam((await params).id, "document");
  const doc = await getDocument(appServices().db, id);
  // Anonymous callers get the same 401 for a private document and a missing one.
  requestAccess(request).assertCorpusReadable(doc?.corpusId ?? 0);
  if (!doc) throw notFound(`document ${id}`);
  return Response.json({ document: doc });
});
