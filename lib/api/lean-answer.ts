/**
 * A JSON answer on the lean path (workers/lean-api.ts) kept as its status and UTF-8 JSON bytes,
 * so the server writes it straight to the node response instead of building a web `Response`
 * (undici's Headers, body stream and state) and reading it back. Route handlers answer through
 * {@link jsonResponse}, which gives Next.js (and any other caller) a real `Response.json`.
 *
 * The marks are registered symbols (`Symbol.for`), not module state: the route handlers run from
 * Next.js's build, which bundles its own copy of this module, while the lean server loads the source.
 */

/** Set on a request that arrived on the lean path (lib/api/node-web-bridge.ts's `webRequest`). */
const LEAN_REQUEST = Symbol.for("cognate.lean-request");
/** Set on an answer made by {@link jsonResponse} for a lean request: its JSON text in UTF-8. */
const LEAN_BODY = Symbol.for("cognate.lean-answer-body");
/** The headers of such an answer, once made (undefined until then). */
const LEAN_HEADERS = Symbol.for("cognate.lean-answer-headers");

/** What the lean path writes for a lean answer: this status and body, as `application/json` unless `headers` were made. */
export interface LeanAnswer {
  status: number;
  /** The JSON text in UTF-8, as `Response.json` encodes it. */
  body: Buffer;
  /** The answer's headers, when some code asked for them (and so may have changed them). */
  headers?: Headers;
}

/** Marks `request` as one the lean path will write the answer of itself. */
export function markLeanRequest(request: Request): Request {
  Object.defineProperty(request, LEAN_REQUEST, { value: true });
  return request;
}

/**
 * `Response.json(data)` (status 200, `content-type: application/json`), except for a lean
 * request: then an object with `Response.prototype` (so `instanceof Response` holds) that carries
 * the same JSON text for {@link leanAnswerOf}. What it offers besides: `status`, `ok`,
 * `statusText`, `headers` (made on first use), `body` (null: nothing to cancel), `bodyUsed`,
 * `text()`, `json()`; other `Response` members throw, as on any object that is not a real one.
 * @throws TypeError when `data` has no JSON form (undefined, a function), as `Response.json` does
 */
export function jsonResponse(request: Request, data: unknown): Response {
  if ((request as { [LEAN_REQUEST]?: boolean })[LEAN_REQUEST] !== true) return Response.json(data);
  const text = JSON.stringify(data) as string | undefined;
  if (text === undefined) throw new TypeError("Value is not JSON serializable");
  // Encoded at once, as Response.json does: kept as a string until it was written, the text reached
  // the old generation with every answer (heap sampling: a ~3 KB string per search; the main
  // heap grew 0.59 MB per scavenge against 0.30 MB, 8 clients).
  const body = Buffer.from(text);
  let headers: Headers | undefined;
  const value = (v: unknown): PropertyDescriptor => ({ value: v, enumerable: true });
  return Object.create(Response.prototype, {
    [LEAN_BODY]: { value: body },
    [LEAN_HEADERS]: { get: () => headers },
    status: value(200),
    ok: value(true),
    statusText: value(""),
    headers: { get: () => (headers ??= new Headers({ "content-type": "application/json" })), enumerable: true },
    body: value(null),
    bodyUsed: value(false),
    text: value(async () => body.toString("utf8")),
    json: value(async () => JSON.parse(body.toString("utf8")) as unknown),
  }) as Response;
}

/** The status and body of an answer made by {@link jsonResponse} for a lean request; undefined for any other. */
export function leanAnswerOf(response: Response): LeanAnswer | undefined {
  const lean = response as { [LEAN_BODY]?: Buffer; [LEAN_HEADERS]?: Headers };
  const body = lean[LEAN_BODY];
  return body === undefined ? undefined : { status: response.status, body, headers: lean[LEAN_HEADERS] };
}
