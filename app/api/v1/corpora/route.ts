import { appServices } from "@/lib/app-services";
import { handle, jsonBody } from "@/lib/api/api-error";
import { createCorpus, listCorpora } from "@/lib/db/queries/corpora";
import { createCorpusBody } from "./schemas";

/** GET /api/v1/corpora: every corpus with its counts. */
export const GET = handle(() => Response.json({ corpora: listCorpora(appServices().db) }));

/** POST /api/v1/corpora `{ name, description? }`: creates a corpus (409 when the name is taken). */
export const POST = handle(async (request: Request) => {
  const body = createCorpusBody.parse(await jsonBody(request));
  const corpus = createCorpus(appServices().db, body);
  return Response.json({ corpus }, { status: 201 });
});
