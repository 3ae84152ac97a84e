import { appServices } from "@/lib/app-services";
import { handle, jsonBody } from "@/lib/api/api-error";
import { createCorpus, listCorpora } from "@/lib/db/queries/corpora";
import { requestAccess } from "@/lib/auth/request-access";
import { createCorpusBody } from "@/app/api/v1/corpora/schemas";

/** GET /api/v1/corpora: every corpus the caller may read (anonymous callers: the public ones), with counts. */
export const GET = handle(async (request: Request) => {
  const access = requestAccess(request);
  return Response.json({ corpora: access.readableCorpora(await listCorpora(appServices().db)) });
});

/** POST /api/v1/corpora `{ name, description? }`: creates a corpus (409 when the name is taken). */
export const POST = handle(async (request: Request) => {
  const body = createCorpusBody.parse(await jsonBody(request));
  const corpus = await createCorpus(appServices().db, body);
  requestAccess(request).auditDetail = `created corpus ${corpus.id} "${corpus.name}"`;
  return Response.json({ corpus }, { status: 201 });
});
