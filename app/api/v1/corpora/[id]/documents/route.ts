import { appServices } from "@/lib/app-services";
import { ApiError, handle, idParam, notFound, readBodyCapped } from "@/lib/api/api-error";
import { requestAccess } from "@/lib/auth/request-access";
import { getCorpus } from "@/lib/db/queries/corpora";
import { listDocuments } from "@/lib/db/queries/documents";
import { submitUpload } from "@/lib/ingest/ingest-service";
import { pageQuery } from "@/app/api/v1/corpora/[id]/documents/schemas";

type Ctx = { params: Promise<{ id: string }> };

async function corpusId(request: Request, params: Ctx["params"]): Promise<number> {
  const id = idParam((await params).id, "corpus");
  requestAccess(request).assertCorpusReadable(id);
  if (!(await getCorpus(appServices().db, id))) throw notFound(`corpus ${id}`);
  return id;
}

/** GET /api/v1/corpora/{id}/documents?limit&offset: a page of documents. */
export const GET = handle(async (request: Request, { params }: Ctx) => {
  const id = await corpusId(request, params);
  const page = pageQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { rows, total } = await listDocuments(appServices().db, id, page);
  return Response.json({ documents: rows, total, ...page });
});

/**
 * POST /api/v1/corpora/{id}/documents (multipart/form-data: `file`, optional `format`, `textColumns`
 * (comma separated), `titleColumn`, `textField`, `titleField`): validates the whole file and queues
 * its ingest. 202 with the job to follow; 400 naming the file and line when the file is refused.
 */
export const POST = handle(async (request: Request, { params }: Ctx) => {
  const id = await corpusId(request, params);
  const { db, cfg } = appServices();
  const limit = cfg.maxUploadBytes + 1024 * 1024;
  const tooLarge = (what: string) =>
    new ApiError(
      413,
      `the upload is ${what}; the limit is ${cfg.maxUploadBytes / 1048576} MiB (COGNATE_MAX_UPLOAD_MB)`,
    );
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > limit) throw tooLarge(`${(length / 1048576).toFixed(1)} MiB`);
  // A chunked upload has no Content-Length: the limit holds while the body streams in, before any parsing.
  const body = await readBodyCapped(request, limit, () => tooLarge("larger than that"));
  let form: FormData;
  try {
    form = await new Response(body, {
      headers: { "content-type": request.headers.get("content-type") ?? "" },
    }).formData();
  } catch {
    throw new ApiError(400, "send the file as multipart/form-data with a field named file");
  }
  const file = form.get("file");
  if (!(file instanceof File)) throw new ApiError(400, "the form has no file: send it in a field named file");
  // The other fields are the upload's options as sent: the service validates them (uploadOptions).
  const choices = Object.fromEntries([...form.entries()].filter(([k]) => k !== "file"));
  const bytes = new Uint8Array(await file.arrayBuffer());
  const result = await submitUpload(db, cfg, { corpusId: id, fileName: file.name, bytes, choices });
  requestAccess(request).auditDetail =
    `uploaded ${file.name.slice(0, 100)} (${bytes.byteLength} bytes) to corpus ${id}`;
  return Response.json(result, { status: 202 });
});
