/** The parts of an OpenAPI 3.1 document (and its JSON Schemas) that the API docs page renders. */

/** A JSON Schema (draft 2020-12) as zod's `toJSONSchema` writes it; only the keywords shown here. */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: boolean | JsonSchema;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
}

/** A path, query or header parameter. */
export interface OpenApiParameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
}

/** A request body or response, by media type. */
export interface OpenApiContent {
  required?: boolean;
  description?: string;
  content?: Record<string, { schema?: JsonSchema }>;
}

/** One method of a path. */
export interface OpenApiOperation {
  summary?: string;
  description?: string;
  parameters?: OpenApiParameter[];
  requestBody?: OpenApiContent;
  responses?: Record<string, OpenApiContent>;
}

/** A path: its shared parameters and one operation per HTTP method. */
export type OpenApiPathItem = { parameters?: OpenApiParameter[] } & Partial<Record<HttpMethod, OpenApiOperation>>;

/** The methods rendered, in this order. */
export const HTTP_METHODS = ["get", "post", "put", "patch", "delete"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** The document as a whole. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  paths: Record<string, OpenApiPathItem>;
}

/** One operation with what it inherits from its path, as the page lists it. */
export interface Endpoint {
  method: HttpMethod;
  path: string;
  operation: OpenApiOperation;
  parameters: OpenApiParameter[];
  /** The fragment id of its section, e.g. `post-api-v1-similarity`. */
  anchor: string;
}

/** The document's operations, each with its path's parameters merged in, in document order. */
export function listEndpoints(doc: OpenApiDocument): Endpoint[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => item[method]).map((method) => ({
      method,
      path,
      operation: item[method]!,
      parameters: [...(item.parameters ?? []), ...(item[method]!.parameters ?? [])],
      anchor: `${method}-${path.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "")}`.toLowerCase(),
    })),
  );
}

/** The group an endpoint belongs to: the first segment after `/api/v1` ("corpora", "search"…). */
export function endpointGroup(path: string): string {
  const segment = path.replace(/^\/api\/v\d+\/?/, "").split("/")[0] || "api";
  return segment.replace(/\.json$/, "");
}
