import { ROUTE_ACCESS } from "@/lib/auth/route-access";

type Operation = Record<string, unknown>;
const METHODS = ["get", "post", "put", "patch", "delete"];

/** The security schemes: API keys as Bearer tokens, and the browser's session cookie. */
export const securitySchemes = {
  bearer: {
    type: "http",
    scheme: "bearer",
    description: "An API key (cgk_…) an admin created on /admin, or COGNATE_MASTER_KEY",
  },
  session: {
    type: "apiKey",
    in: "cookie",
    name: "cognate_session",
    description: "The browser session after logging in",
  },
};

/**
 * Marks every operation with what it needs, read from the access table (lib/auth/route-access.ts),
 * so the document and the enforcement cannot disagree.
 */
export function withSecurity<P extends Record<string, Record<string, unknown>>>(paths: P): P {
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const op = item[method] as Operation | undefined;
      if (!op) continue;
      const rule = ROUTE_ACCESS[`${method.toUpperCase()} ${path}`];
      if (!rule) continue;
      if ("public" in rule || "session" in rule) {
        op.security = [];
        continue;
      }
      op.security = [{ bearer: [] }, { session: [] }];
      const who =
        rule.scope === "admin"
          ? "an admin account or a key with the admin scope"
          : `a logged-in account or a key with the ${rule.scope} scope`;
      const anon = rule.anonymousPublicCorpus ? "; anonymous callers may read corpora an admin made public" : "";
      op.description = `${op.description ? `${op.description} ` : ""}Needs ${who}${anon}.`;
      const responses = (op.responses ??= {}) as Record<string, unknown>;
      responses["401"] ??= { description: "not logged in, or the API key is unknown, revoked or expired" };
      responses["403"] ??= { description: "the account or key lacks the permission" };
      responses["429"] ??= { description: "rate limit: try again after Retry-After seconds" };
    }
  }
  return paths;
}
