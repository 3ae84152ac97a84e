import type { IncomingMessage, ServerResponse } from "node:http";
import { encodeBody, negotiateEncoding } from "@/lib/api/response-encoding";

const BODYLESS = new Set(["GET", "HEAD"]);

/**
 * The web `Request` a route handler expects for a node:http request: same method, headers
 * (as node parsed them, so the forwarded-for preload's appended peer is kept), and a URL made of
 * the `Host` header and the request target, as Next.js gives route handlers. The body is
 * streamed, not buffered, so the handler's own size cap (`jsonBody`) still stops a huge body early
 * (see {@link leanRequest} for what a request with a body is).
 */
export function webRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  const method = req.method ?? "GET";
  const url = `http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`;
  if (BODYLESS.has(method)) return new Request(url, { method, headers });
  return leanRequest(url, method, headers, req);
}

/**
 * The body-carrying `Request` of {@link webRequest}: an object with `Request.prototype` (so
 * `instanceof Request` holds, as `handle()` checks) whose own `url`, `method`, `headers` and `body`
 * are plain values, and whose body reads the node stream directly. undici's `Request` and a
 * `Readable.toWeb` stream cost per request an AbortController, web streams and state that
 * survives young-generation GCs: alone, `new Request(url)` promoted 1.8 MB per
 * scavenge (3.4 ms pauses) in a loop here, against 0.2 KB for a plain object, and on the lean
 * path under 8 clients QPS rose 10-43% across 3 interleaved pairs with this object (2 shared
 * cores, load 3.6-6.1). What it offers: `body.getReader()` (`read`, `cancel`, `releaseLock`),
 * `text()`, `json()`, `arrayBuffer()`, `bodyUsed` and a `signal` that never aborts (as before);
 * other `Request` members (clone, formData, cache…) throw, as on any object that is not a real
 * `Request`. The route handlers of the lean path use only the former (tests/e2e/lean-api.test.ts
 * compares their answers with Next.js's).
 */
function leanRequest(url: string, method: string, headers: Headers, req: IncomingMessage): Request {
  let used = false;
  let signal: AbortSignal | undefined;
  const take = (): NodeBodyReader => {
    if (used) throw new TypeError("Body is unusable: Body has already been read");
    used = true;
    return nodeBodyReader(req);
  };
  const readAll = async (): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    const reader = take();
    for (let chunk = await reader.read(); chunk; chunk = await reader.read()) chunks.push(chunk);
    return Buffer.concat(chunks);
  };
  const body = {
    get locked() {
      return used;
    },
    getReader() {
      const reader = take();
      return {
        async read(): Promise<ReadableStreamReadResult<Uint8Array>> {
          const chunk = await reader.read();
          return chunk ? { done: false, value: chunk } : { done: true, value: undefined };
        },
        async cancel(): Promise<void> {
          reader.cancel();
        },
        releaseLock() {},
      };
    },
  };
  const value = (v: unknown): PropertyDescriptor => ({ value: v, enumerable: true });
  return Object.create(Request.prototype, {
    url: value(url),
    method: value(method),
    headers: value(headers),
    body: value(body),
    bodyUsed: { get: () => used, enumerable: true },
    signal: { get: () => (signal ??= new AbortController().signal), enumerable: true },
    text: value(async () => (await readAll()).toString("utf8")),
    json: value(async () => JSON.parse((await readAll()).toString("utf8")) as unknown),
    arrayBuffer: value(async () => {
      const all = await readAll();
      return all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
    }),
  }) as Request;
}

/** Reads a node request body chunk by chunk; `read` resolves null at its end. */
interface NodeBodyReader {
  read(): Promise<Buffer | null>;
  /** Stops reading and destroys the request stream, not its connection (as an async iterator's `return` does). */
  cancel(): void;
}

/**
 * The body of `req` read in paused mode (`read()` and the `readable` event), not through
 * `req[Symbol.asyncIterator]()`: the iterator's end-of-stream tracking, listeners and promises
 * were, after the Request and Headers, the largest share of a lean request's allocations that
 * outlived a young-generation GC (heap sampling profile of the lean server under 8 clients).
 * Rejects when the stream fails or closes before its end (the client went away).
 */
function nodeBodyReader(req: IncomingMessage): NodeBodyReader {
  const settled = (): Promise<void> =>
    new Promise((resolve) => {
      const done = () => {
        req.off("readable", done);
        req.off("end", done);
        req.off("error", done);
        req.off("close", done);
        resolve();
      };
      req.on("readable", done);
      req.on("end", done);
      req.on("error", done);
      req.on("close", done);
    });
  return {
    async read() {
      for (;;) {
        const chunk = req.read() as Buffer | null;
        if (chunk !== null) return chunk;
        if (req.readableEnded) return null;
        if (req.errored) throw req.errored;
        if (req.destroyed) throw new Error("the request was closed before its body ended");
        await settled();
      }
    },
    cancel() {
      // As Node's own stream destroyer does for a server request (what the async iterator's
      // `return` ran): detach the socket first, so the connection lives on to carry the answer.
      (req as { socket: IncomingMessage["socket"] | null }).socket = null;
      req.destroy();
    },
  };
}

/** How {@link sendWebResponse} writes a response besides what the response itself says. */
export interface SendOptions {
  /** Headers set before the response's own (which win), e.g. the security headers of next.config.ts. */
  extraHeaders?: readonly { key: string; value: string }[];
  /** The request's `Accept-Encoding`: JSON and text bodies are compressed as it allows. */
  acceptEncoding?: string;
}

const COMPRESSIBLE = /^(application\/(json|problem\+json)|text\/)/i;

/**
 * Writes a web `Response` to a node:http response: status, every header (each `Set-Cookie`
 * apart) after the extra ones, and the body in one write with its `Content-Length` (the API
 * answers small JSON documents, never streams), compressed as Next.js's `compression` middleware
 * would (`Vary: Accept-Encoding` on every compressible answer).
 */
export async function sendWebResponse(
  res: ServerResponse,
  response: Response,
  options: SendOptions = {},
): Promise<void> {
  let body: Buffer | undefined = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  res.statusCode = response.status;
  for (const { key, value } of options.extraHeaders ?? []) res.setHeader(key, value);
  for (const [key, value] of response.headers) if (key !== "set-cookie") res.setHeader(key, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader("set-cookie", cookies);
  if (body && COMPRESSIBLE.test(response.headers.get("content-type") ?? "")) {
    appendVary(res, "Accept-Encoding");
    // Next.js sends a route's headers before its body, so its middleware's 1 KiB threshold never
    // applies: every answer is compressed when the client allows it.
    const encoding = body.byteLength > 0 ? negotiateEncoding(options.acceptEncoding) : undefined;
    if (encoding) {
      body = encodeBody(body, encoding);
      res.setHeader("content-encoding", encoding);
    }
  }
  if (body) res.setHeader("content-length", body.byteLength);
  res.end(body);
}

function appendVary(res: ServerResponse, field: string): void {
  const vary = res.getHeader("vary");
  res.setHeader("vary", vary ? `${String(vary)}, ${field}` : field);
}
