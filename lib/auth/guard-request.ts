import { appServices } from "@/lib/app-services";
import { publicCorpusIds } from "@/lib/db/queries/corpora";
import type { Db } from "@/lib/db/client";
import type { AuthConfig } from "@/lib/config";
import { AccessError, loginRequired } from "@/lib/auth/access-error";
import { ensureEnvAdmin } from "@/lib/auth/accounts";
import { auditTrail } from "@/lib/auth/audit-trail";
import { authenticate } from "@/lib/auth/authenticate";
import { clientAddress } from "@/lib/auth/client-address";
import { csrfProblem } from "@/lib/auth/csrf";
import { actorLabel, hasScope, type Principal } from "@/lib/auth/principal";
import { rateLimiters, takeOrThrow } from "@/lib/auth/rate-limits";
import { attachAccess, RequestAccess } from "@/lib/auth/request-access";
import { findRouteRule, type AccessRule } from "@/lib/auth/route-access";

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function decide(rule: AccessRule, principal: Principal): "allow" | "public-corpora-only" {
  if ("public" in rule || "session" in rule) return "allow";
  if (hasScope(principal, rule.scope)) return "allow";
  if (principal.kind === "anonymous") {
    if (rule.anonymousPublicCorpus) return "public-corpora-only";
    throw loginRequired();
  }
  throw new AccessError(
    403,
    principal.kind === "user"
      ? `this needs an admin account (you are logged in as ${principal.role})`
      : `this API key lacks the ${rule.scope} scope`,
  );
}

/**
 * The one gate every API route passes through (called by `handle`): finds the route's rule in
 * ROUTE_ACCESS, applies per-address and per-key rate limits, identifies the caller, checks CSRF
 * for cookie sessions, allows or refuses, runs the handler, and writes admin actions to the
 * audit log, and refused calls (401/403, rate-limited). Throws {@link AccessError} to refuse.
 */
export async function guardRequest(request: Request, run: () => Promise<Response>): Promise<Response> {
  const { db, cfg } = appServices();
  const ip = clientAddress(request, cfg.auth.trustedProxies);
  const seen: { principal?: Principal } = {};
  try {
    return await guarded(request, run, ip, seen);
  } catch (err) {
    if (err instanceof AccessError && (err.status === 401 || err.status === 403))
      await auditRefusal(db, cfg.auth, request, ip, err, seen.principal);
    throw err;
  }
}

/**
 * Writes a refused call (401/403) to the audit log, rate-limited per address and action so that
 * a flood of bad calls cannot fill it. A presented key is named by its public prefix only.
 */
async function auditRefusal(
  db: Db,
  auth: AuthConfig,
  request: Request,
  ip: string,
  err: AccessError,
  principal: Principal | undefined,
): Promise<void> {
  const bearer = /^Bearer\s+(\S+)/i.exec(request.headers.get("authorization") ?? "")?.[1];
  const keyRefused = !principal && bearer !== undefined;
  const prefix = bearer && /^cgk_([0-9a-f]{12})_/.exec(bearer)?.[1];
  const actor = principal
    ? actorLabel(principal)
    : bearer
      ? `key:${prefix ? `cgk_${prefix}` : "malformed"}`
      : "anonymous";
  const action = keyRefused
    ? /revoked/.test(err.message)
      ? "revoked API key used"
      : "API key refused"
    : `refused ${err.status}`;
  try {
    await auditTrail(db, auth).recordLimited({
      actor,
      action,
      target: `${request.method} ${new URL(request.url).pathname}`,
      detail: err.message,
      ip,
    });
  } catch (writeErr) {
    // The refusal stands whether or not the log could be written (e.g. the database is busy).
    console.error("[audit] could not record a refused call:", writeErr);
  }
}

async function guarded(
  request: Request,
  run: () => Promise<Response>,
  ip: string,
  seen: { principal?: Principal },
): Promise<Response> {
  const url = new URL(request.url);
  const found = findRouteRule(request.method, url.pathname);
  if (!found)
    throw new AccessError(
      500,
      `no access rule for ${request.method} ${url.pathname}: add one to ROUTE_ACCESS in lib/auth/route-access.ts`,
    );
  const { db, cfg } = appServices();
  await ensureEnvAdmin(db, cfg.auth);
  const limits = rateLimiters(cfg.auth);
  await takeOrThrow(limits.ip, ip, "from this address");
  // The login route counts failures only (LoginThrottle): a bucket of all attempts would let
  // anyone sharing an address with the admin use up the admin's tries.
  if ("public" in found.rule && found.rule.rateLimit === "login" && found.key !== "POST /api/v1/auth/login")
    await takeOrThrow(limits.login, ip, "to log in from this address");

  const { principal, via } = await authenticate(db, request, cfg.auth.masterKey);
  seen.principal = principal;
  if (principal.kind === "key" || principal.kind === "master")
    await takeOrThrow(limits.key, principal.kind === "key" ? `key:${principal.keyId}` : "master", "with this API key");
  // Sessions ride on an ambient cookie; so does a login form, which must not be forged either.
  if (via === "cookie" || (via === "none" && "public" in found.rule && found.rule.rateLimit === "login")) {
    const problem = csrfProblem(request);
    if (problem) throw new AccessError(403, problem);
  }

  const verdict = decide(found.rule, principal);
  // Only an anonymous caller is limited to public corpora: read them once, before the handler runs.
  const publicIds: ReadonlySet<number> = principal.kind === "anonymous" ? await publicCorpusIds(db) : new Set();
  const access = new RequestAccess(principal, publicIds);
  attachAccess(request, access);
  const response = await run();
  if (verdict === "public-corpora-only" && !access.corpusChecked && response.status < 400) {
    // Fail closed: a handler that let an anonymous caller through without asking about a corpus.
    await response.body?.cancel();
    throw loginRequired();
  }
  if (
    "scope" in found.rule &&
    found.rule.scope === "admin" &&
    !READ_METHODS.has(request.method) &&
    response.status < 400
  ) {
    await auditTrail(db, cfg.auth).record({
      actor: actorLabel(principal),
      action: found.key,
      target: url.pathname,
      detail: access.auditDetail,
      ip,
    });
  }
  return response;
}
