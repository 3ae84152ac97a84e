import { MAX_ROW_ID } from "@/lib/core/row-id";
import { ZodError } from "zod";
import { DomainError, type DomainErrorKind } from "@/lib/core/domain-error";
import { AccessError } from "@/lib/auth/access-error";
import { guardRequest } from "@/lib/auth/guard-request";
import { config } from "@/lib/config";

/** The one mapping from a domain error's kind to the HTTP status the API answers with. */
export const HTTP_STATUS: Readonly<Record<DomainErrorKind, number>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
};

type HttpErrorStatus = (typeof HTTP_STATUS)[DomainErrorKind];

function kindOf(status: HttpErrorStatus): DomainErrorKind {
  return (Object.keys(HTTP_STATUS) as DomainErrorKind[]).find((k) => HTTP_STATUS[k] === status)!;
}

/**
 * An error of the HTTP layer itself (a body too large or not JSON, a form without its file), named
 * by its status; services throw {@link DomainError} instead.
 */
export class ApiError extends DomainError {
  constructor(
    readonly status: HttpErrorStatus,
    message: string,
    details?: unknown,
  ) {
    super(kindOf(status), message, details);
  }
}

export const notFound = (what: string) => new ApiError(404, `${what} not found`);

/** The JSON body of every error response: `{ error: { message, details? } }`. */
export function errorResponse(err: unknown): Response {
  if (err instanceof AccessError)
    return Response.json({ error: { message: err.message } }, { status: err.status, headers: err.headers });
  if (err instanceof DomainError)
    return Response.json({ error: { message: err.message, details: err.details } }, { status: HTTP_STATUS[err.kind] });
  if (err instanceof ZodError) {
    const fields = err.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    const summary = fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join("; ");
    return Response.json({ error: { message: `invalid request: ${summary}`, details: fields } }, { status: 400 });
  }
  console.error(err);
  return Response.json({ error: { message: "internal error; see the server log" } }, { status: 500 });
}

/**
 * Wraps a route handler: the request first passes the access layer (rule from
 * lib/auth/route-access.ts, rate limits, authentication, CSRF, audit), and thrown errors become
 * JSON error responses. Every route under app/api uses it.
 */
export function handle<A extends unknown[]>(fn: (...args: A) => Promise<Response> | Response) {
  return async (...args: A): Promise<Response> => {
    try {
      const request = args[0];
      if (!(request instanceof Request))
        throw new Error("handle(): the first argument of a route handler must be the Request");
      return await guardRequest(request, async () => fn(...args));
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/** Parses a numeric route parameter or throws 404. */
export function idParam(raw: string, what: string): number {
  // Decimal digits only: Number() would also read " 1", "1.0", "0x10" and "1e3" as ids.
  const id = /^\d{1,10}$/.test(raw) ? Number(raw) : 0;
  if (id <= 0 || id > MAX_ROW_ID) throw notFound(what);
  return id;
}

/** Reads a JSON body up to COGNATE_MAX_BODY_KB: 413 when larger, 400 when it is not JSON. */
export async function jsonBody(request: Request): Promise<unknown> {
  const limit = config().auth.maxBodyBytes;
  const tooLarge = () =>
    new ApiError(413, `the request body is larger than ${Math.round(limit / 1024)} KiB (COGNATE_MAX_BODY_KB)`);
  if (Number(request.headers.get("content-length") ?? 0) > limit) throw tooLarge();
  const text = Buffer.from(await readBodyCapped(request, limit, tooLarge)).toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, "the request body must be JSON (Content-Type: application/json)");
  }
}

/**
 * Reads a body, stopping (and throwing `tooLarge()`) as soon as it passes `limit` bytes, however it
 * is sent: a chunked body has no Content-Length to check up front.
 */
export async function readBodyCapped(
  request: Request,
  limit: number,
  tooLarge: () => Error,
): Promise<Uint8Array<ArrayBuffer>> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError(400, "the request body could not be read");
  }
  return Buffer.concat(chunks);
}
