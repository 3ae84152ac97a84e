/**
 * The lean path for the JSON API routes where latency matters most: a node:http request for
 * `/api/v1/search` or `/api/v1/similarity` goes straight to the route's exported handler (the
 * same `handle()`-wrapped function Next.js calls: access rules, rate limits, authentication,
 * zod, the service, the JSON answer) without Next.js's router, which cost about 9 ms of CPU per
 * request on 2 cores against 1.7 ms for the handler itself (bench/search.ts).
 *
 * The handlers come from Next.js's own production build (`.next/server/app/.../route.js`, loaded
 * with Node's `require`, whose cache Next.js shares), so the lean path and Next.js use one copy of
 * every module: one index cache, one embedder pool, one set of rate limiters per process. The
 * headers of next.config.ts are taken from the build's routes-manifest.json and added as Next.js
 * adds them, with its Vary and its compression.
 */
import { createRequire } from "node:module";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { sendWebResponse, webRequest } from "@/lib/api/node-web-bridge";
import fs from "node:fs";

type RouteHandler = (request: Request) => Promise<Response>;

/** The `Vary` of Next.js's app router, on every route handler's answer (compression appends Accept-Encoding). */
const NEXT_VARY = "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch";

/** The routes served on the lean path (path → the build's route module). */
export const LEAN_ROUTES = ["/api/v1/search", "/api/v1/similarity"] as const;

/** Answers a request on the lean path, or returns false when it is not one of {@link LEAN_ROUTES}' methods. */
export type LeanApi = (req: IncomingMessage, res: ServerResponse) => boolean;

/** What this server reads of a built route module: Next.js's app-route wrapper around the route's exports. */
interface BuiltRouteModule {
  routeModule?: { userland?: Record<string, unknown>; ensureUserland?: () => Promise<void> };
}

/** The exported method handlers of one built route module, as Next.js's app-route wrapper keeps them. */
async function builtHandlers(distDir: string, route: string): Promise<Map<string, RouteHandler>> {
  const file = path.join(distDir, "server", "app", ...route.split("/").filter(Boolean), "route.js");
  const { routeModule } = createRequire(import.meta.url)(file) as BuiltRouteModule;
  // Next.js 16 loads the route's own code lazily on first use.
  await routeModule?.ensureUserland?.();
  const userland = routeModule?.userland;
  if (!userland)
    throw new Error(
      `${file} has no routeModule.userland (a Next.js build layout this server does not know); rebuild with next build or update workers/lean-api.ts`,
    );
  const handlers = new Map<string, RouteHandler>();
  for (const method of ["GET", "POST"])
    if (typeof userland[method] === "function") handlers.set(method, userland[method] as RouteHandler);
  return handlers;
}

/** A `headers()` rule of next.config.ts as `next build` wrote it to routes-manifest.json. */
interface HeaderRule {
  regex: string;
  headers: { key: string; value: string }[];
  has?: unknown;
  missing?: unknown;
}

/**
 * The header rules of the build (evaluated by `next build`, so they are what Next.js sends).
 * @throws when the manifest is missing or a rule has conditions this path does not evaluate
 */
function builtHeaderRules(distDir: string): HeaderRule[] {
  const file = path.join(distDir, "routes-manifest.json");
  const rules = (JSON.parse(fs.readFileSync(file, "utf8")) as { headers?: HeaderRule[] }).headers ?? [];
  if (rules.some((r) => r.has || r.missing))
    throw new Error(
      `${file} has header rules with has/missing conditions, which workers/lean-api.ts does not evaluate`,
    );
  return rules;
}

/** The headers Next.js sets on `route`'s answers: every matching rule in order, a later one winning per name. */
function headersFor(rules: HeaderRule[], route: string): { key: string; value: string }[] {
  const byName = new Map<string, { key: string; value: string }>();
  for (const rule of rules)
    if (new RegExp(rule.regex).test(route)) for (const h of rule.headers) byName.set(h.key.toLowerCase(), h);
  return [...byName.values()];
}

/**
 * Fills the `x-forwarded-*` headers Next.js fills before any route runs (base-server.ts), so the
 * handlers see the same client address (rate limits, audit) and host (CSRF) on either path.
 */
function forwardedHeadersAsNext(req: IncomingMessage, port: number): void {
  const h = req.headers;
  const sentProto = h["x-forwarded-proto"];
  const https = sentProto ? sentProto === "https" : "encrypted" in req.socket && Boolean(req.socket.encrypted);
  h["x-forwarded-host"] ??= h.host;
  h["x-forwarded-port"] ??= String(port);
  h["x-forwarded-proto"] ??= https ? "https" : "http";
  h["x-forwarded-for"] ??= req.socket.remoteAddress;
}

/** Splits a request target into its path, without the query string. */
function pathOf(url: string | undefined): string {
  const target = url ?? "/";
  const q = target.indexOf("?");
  return q < 0 ? target : target.slice(0, q);
}

/**
 * The lean path over the build in `distDir` (`.next`), for a server listening on `port`. A route whose handler cannot be called
 * throws its error as a 500 JSON answer, as `handle()` would for an unexpected error.
 * @throws when a route module is missing from the build or has an unknown layout
 */
export async function leanApi(distDir: string, port: number): Promise<LeanApi> {
  const routes = new Map<string, Map<string, RouteHandler>>();
  for (const route of LEAN_ROUTES) routes.set(route, await builtHandlers(distDir, route));
  const manifest = builtHeaderRules(distDir);
  // What Next.js adds to a route's answer: next.config.ts's headers as built, then its router's Vary.
  const extraHeaders = new Map<string, { key: string; value: string }[]>(
    LEAN_ROUTES.map((route) => [route, [...headersFor(manifest, route), { key: "Vary", value: NEXT_VARY }]]),
  );
  return (req, res) => {
    const route = pathOf(req.url);
    const handler = routes.get(route)?.get(req.method ?? "");
    if (!handler) return false;
    forwardedHeadersAsNext(req, port);
    handler(webRequest(req))
      .then((response) =>
        sendWebResponse(res, response, {
          extraHeaders: extraHeaders.get(route),
          acceptEncoding: req.headers["accept-encoding"],
        }),
      )
      .catch((err: unknown) => {
        console.error("[lean-api]", err);
        if (res.headersSent) return res.destroy();
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: "internal error; see the server log" } }));
      });
    return true;
  };
}
