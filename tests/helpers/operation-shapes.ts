import type { JsonSchema } from "@/tests/helpers/json-schema-arbitrary";
import type { OperationShape } from "@/tests/helpers/fuzz-requests";

interface Operation {
  parameters?: { name: string; in: string; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

/**
 * What the OpenAPI document says each operation takes, keyed "METHOD /api/v1/path/{param}" as
 * the access table and the route discovery are: its query parameters and its JSON or multipart body.
 */
export function operationShapes(doc: {
  paths: Record<string, Record<string, unknown>>;
}): Record<string, OperationShape> {
  const shapes: Record<string, OperationShape> = {};
  for (const [pathName, item] of Object.entries(doc.paths)) {
    for (const [method, value] of Object.entries(item)) {
      if (method === "parameters") continue;
      const op = value as Operation;
      const content = op.requestBody?.content ?? {};
      shapes[`${method.toUpperCase()} ${pathName}`] = {
        query: (op.parameters ?? []).filter((p) => p.in === "query"),
        body: content["application/json"]?.schema,
        multipart: content["multipart/form-data"]?.schema,
      };
    }
  }
  return shapes;
}
