import { handle } from "@/lib/api/api-error";
import { openApiDocument } from "@/app/api/v1/openapi.json/openapi-document";

/** GET /api/v1/openapi.json: the API description. */
export const GET = handle((request: Request) => Response.json(openApiDocument(new URL(request.url).origin)));
