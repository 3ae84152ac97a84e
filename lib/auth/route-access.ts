import type { Scope } from "@/lib/auth/principal";

/**
 * What a caller needs to reach one route:
 * - `public`: anyone, logged in or not (login, setup, the OpenAPI document).
 * - `session`: anyone; the handler itself works on the caller's own session (logout, me).
 * - `scope`: the caller must hold this scope (accounts hold scopes by role; see principal.ts).
 *   With `anonymousPublicCorpus`, an anonymous caller is let in too, but only to corpora an
 *   admin made public: the handler must check the corpus it touches with
 *   `requestAccess(request).assertCorpusReadable(id)` (or filter with `readableCorpora`), and a
 *   handler that lets an anonymous call through without such a check answers 401.
 */
export type AccessRule =
  { public: true; rateLimit?: "login" } | { session: true } | { scope: Scope; anonymousPublicCorpus?: boolean };

const ADMIN: AccessRule = { scope: "admin" };
const READ: AccessRule = { scope: "search", anonymousPublicCorpus: true };

/**
 * THE access table: every route handler under app/api, as "METHOD /path" with `{param}` for
 * dynamic segments (the folder `[id]` is `{id}`). A route missing here answers 500 and fails
 * tests/integration/api/route-access.test.ts, which calls every handler as every kind of caller.
 */
export const ROUTE_ACCESS: Readonly<Record<string, AccessRule>> = {
  "POST /api/v1/auth/login": { public: true, rateLimit: "login" },
  "POST /api/v1/auth/setup": { public: true, rateLimit: "login" },
  "POST /api/v1/auth/logout": { session: true },
  "GET /api/v1/auth/me": { session: true },
  "GET /api/v1/openapi.json": { public: true },

  "GET /api/v1/corpora": READ,
  "POST /api/v1/corpora": ADMIN,
  "GET /api/v1/corpora/{id}": READ,
  "PATCH /api/v1/corpora/{id}": ADMIN,
  "DELETE /api/v1/corpora/{id}": ADMIN,
  "GET /api/v1/corpora/{id}/documents": READ,
  "POST /api/v1/corpora/{id}/documents": ADMIN,
  "POST /api/v1/corpora/{id}/train": ADMIN,
  "GET /api/v1/models/{id}/training": ADMIN,
  "POST /api/v1/models/{id}/promote": ADMIN,
  "GET /api/v1/corpora/{id}/passages": READ,
  "GET /api/v1/corpora/{id}/clusters": READ,
  "POST /api/v1/corpora/{id}/clusters": ADMIN,
  "GET /api/v1/corpora/{id}/clusters/map": READ,
  "GET /api/v1/corpora/{id}/clusters/export": READ,
  "POST /api/v1/corpora/{id}/clusters/merge": ADMIN,
  "POST /api/v1/corpora/{id}/clusters/reduce": ADMIN,
  "GET /api/v1/corpora/{id}/clusters/{cid}": READ,
  "PATCH /api/v1/corpora/{id}/clusters/{cid}": ADMIN,
  "GET /api/v1/documents/{id}": READ,
  "GET /api/v1/search": READ,
  "POST /api/v1/search": READ,
  "POST /api/v1/similarity": { scope: "similarity", anonymousPublicCorpus: true },
  "POST /api/v1/embed": { scope: "embed" },

  "GET /api/v1/jobs": ADMIN,
  "GET /api/v1/jobs/events": ADMIN,
  "GET /api/v1/jobs/{id}": ADMIN,
  "POST /api/v1/jobs/{id}/cancel": ADMIN,
  "POST /api/v1/jobs/{id}/resume": ADMIN,

  "GET /api/v1/users": ADMIN,
  "POST /api/v1/users": ADMIN,
  "PATCH /api/v1/users/{id}": ADMIN,
  "DELETE /api/v1/users/{id}": ADMIN,
  "GET /api/v1/keys": ADMIN,
  "POST /api/v1/keys": ADMIN,
  "DELETE /api/v1/keys/{id}": ADMIN,
  "GET /api/v1/audit": ADMIN,
};

interface CompiledRoute {
  key: string;
  method: string;
  regex: RegExp;
  params: number;
}

const compiled: CompiledRoute[] = Object.keys(ROUTE_ACCESS)
  .map((key) => {
    const [method, pattern] = key.split(" ");
    const parts = pattern
      .split("/")
      .map((seg) => (/^\{\w+\}$/.test(seg) ? "[^/]+" : seg.replace(/[.*+?^$()|[\]\\]/g, "\\$&")));
    return { key, method, regex: new RegExp(`^${parts.join("/")}/?$`), params: (pattern.match(/\{/g) ?? []).length };
  })
  // Static segments win over parameters: /jobs/events before /jobs/{id}.
  .sort((a, b) => a.params - b.params);

/** The table key and rule for a method and URL path, or undefined when the table has none. */
export function findRouteRule(method: string, pathname: string): { key: string; rule: AccessRule } | undefined {
  const m = method === "HEAD" ? "GET" : method;
  const hit = compiled.find((r) => r.method === m && r.regex.test(pathname));
  return hit && { key: hit.key, rule: ROUTE_ACCESS[hit.key] };
}
