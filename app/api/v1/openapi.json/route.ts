import { openApiDocument } from "./openapi-document";

/** GET /api/v1/openapi.json: the API description. */
export function GET(request: Request) {
  return Response.json(openApiDocument(new URL(request.url).origin));
}
