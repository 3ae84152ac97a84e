import { appServices } from "@/lib/app-services";
import { ApiError, handle, jsonBody } from "@/lib/api/api-error";
import { checkPassword } from "@/lib/auth/accounts";
import { clientAddress } from "@/lib/auth/client-address";
import { AccessError } from "@/lib/auth/access-error";
import { rateLimiters } from "@/lib/auth/rate-limits";
import { startSession } from "@/lib/auth/session-token";
import { auditTrail } from "@/lib/auth/audit-trail";
import { loginBody } from "@/app/api/v1/auth/schemas";
import { withSessionCookie } from "@/app/api/v1/auth/session-response";

/**
 * POST /api/v1/auth/login `{ email, password }`: checks the password and sets the session cookie
 * (httpOnly, SameSite=Lax). Failed attempts slow further ones per address and per account
 * (`SharedLoginThrottle`, counted where every web replica sees it), in a way that wrong passwords sent by others cannot lock the owner out.
 */
export const POST = handle(async (request: Request) => {
  const body = loginBody.parse(await jsonBody(request));
  const { db, cfg } = appServices();
  const ip = clientAddress(request, cfg.auth.trustedProxies);
  const throttle = rateLimiters(cfg.auth).loginFailures;
  const verdict = await throttle.check(ip, body.email);
  if (!verdict.ok) {
    const what = verdict.why === "address" ? "from this address" : "for this account from this address";
    throw new AccessError(429, `too many failed logins ${what}; try again in ${verdict.retryAfterS} s`, {
      "Retry-After": String(verdict.retryAfterS),
    });
  }
  const user = await checkPassword(db, body.email, body.password);
  if (!user) {
    await throttle.recordFailure(ip, body.email);
    // Rate-limited per address: a password-guessing run must not fill the audit log.
    await auditTrail(db, cfg.auth).recordLimited({
      actor: "anonymous",
      action: "login failed",
      target: body.email,
      ip,
    });
    throw new ApiError(401, "wrong email or password", [{ path: "password", message: "wrong email or password" }]);
  }
  await throttle.recordSuccess(body.email);
  const { token } = await startSession(db, user.id, cfg.auth.sessionMs);
  await auditTrail(db, cfg.auth).record({ actor: `user:${user.email}`, action: "login", ip });
  return withSessionCookie(
    request,
    { user: { id: user.id, email: user.email, role: user.role } },
    token,
    cfg.auth.sessionMs,
  );
});
