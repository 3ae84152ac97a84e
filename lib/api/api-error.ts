import { ZodError } from "zod";
import { IngestError } from "../text/ingest-error";
import { DuplicateCorpusError } from "../db/queries/corpora";
import { NoModelError } from "../search/embedding-service";
import { VectorDimensionError } from "../search/dense-engine";

/** An error with an HTTP status and a message that tells the client what to do. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, `${what} not found`);

/** The JSON body of every error response: `{ error: { message, details? } }`. */
export function errorResponse(err: unknown): Response {
  if (err instanceof ApiError) return Response.json({ error: { message: err.message, details: err.details } }, { status: err.status });
  if (err instanceof ZodError) {
    const fields = err.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    const summary = fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join("; ");
    return Response.json({ error: { message: `invalid request: ${summary}`, details: fields } }, { status: 400 });
  }
  if (err instanceof IngestError) return Response.json({ error: { message: err.message, details: { file: err.file, line: err.line } } }, { status: 400 });
  if (err instanceof DuplicateCorpusError) return Response.json({ error: { message: err.message } }, { status: 409 });
  if (err instanceof VectorDimensionError) return Response.json({ error: { message: err.message } }, { status: 400 });
  if (err instanceof NoModelError) return Response.json({ error: { message: err.message } }, { status: err.status });
  console.error(err);
  return Response.json({ error: { message: "internal error; see the server log" } }, { status: 500 });
}

/** Wraps a route handler so that thrown errors become JSON error responses. */
export function handle<A extends unknown[]>(fn: (...args: A) => Promise<Response> | Response) {
  return async (...args: A): Promise<Response> => {
    try {
      return await fn(...args);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/** Parses a numeric route parameter or throws 404. */
export function idParam(raw: string, what: string): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw notFound(what);
  return id;
}

/** Reads a JSON body, with a 400 that says so when it is not JSON. */
export async function jsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new ApiError(400, "the request body must be JSON (Content-Type: application/json)");
  }
}
