import { appServices } from "@/lib/app-services";
import { handle, jsonBody } from "@/lib/api/api-error";
import { searchBody } from "./schemas";

/** GET /api/v1/search?query=&mode=&corpusId=&k=&offset= */
export const GET = handle((request: Request) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  return Response.json(appServices().search.search(searchBody.parse({ ...params, query: params.query ?? params.q })));
});

/** POST /api/v1/search `{ query, mode?, corpusId?, k?, offset? }` */
export const POST = handle(async (request: Request) => Response.json(appServices().search.search(searchBody.parse(await jsonBody(request)))));
