import { appServices } from "@/lib/app-services";
import { handle, jsonBody } from "@/lib/api/api-error";
import { requestAccess } from "@/lib/auth/request-access";
import { assertSearchLimits, searchBody, searchParamsToBody } from "@/app/api/v1/search/schemas";

/** GET /api/v1/search?q=&mode=&corpusId=&k=&offset=&fusion=&alpha=&explain=&filter.FIELD=VALUE */
export const GET = handle(async (request: Request) => {
  const body = searchBody.parse(searchParamsToBody(new URL(request.url).searchParams));
  assertSearchLimits(body, appServices().cfg.auth);
  requestAccess(request).assertCorpusReadable(body.corpusId);
  return Response.json(await appServices().search.search(body));
});

/** POST /api/v1/search `{ query, mode?, corpusId?, k?, offset?, fusion?, alpha?, filters?, explain? }` */
export const POST = handle(async (request: Request) => {
  const body = searchBody.parse(await jsonBody(request));
  assertSearchLimits(body, appServices().cfg.auth);
  requestAccess(request).assertCorpusReadable(body.corpusId);
  return Response.json(await appServices().search.search(body));
});
