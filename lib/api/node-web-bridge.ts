import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { encodeBody, negotiateEncoding } from "@/lib/api/response-encoding";

const BODYLESS = new Set(["GET", "HEAD"]);

/**
 * The web `Request` a route handler expects for a node:http request: same method, headers
 * (as node parsed them, so the forwarded-for preload's appended peer is kept), and a URL made of
 * the `Host` header and the request target, as Next.js gives route handlers. The body is
 * streamed, not buffered, so the handler's own size cap (`jsonBody`) still stops a huge body early.
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
  return new Request(url, {
    method,
    headers,
    body: Readable.toWeb(req) as ReadableStream<Uint8Array>,
    duplex: "half",
  } as RequestInit);
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
