import { appServices } from "@/lib/app-services";
import { ApiError, handle, jsonBody } from "@/lib/api/api-error";
import { checkPassword } from "@/lib/auth/accounts";
import { clientAddress } from "@/lib/auth/client-address";
import { rateLimiters, takeOrThrow } from "@/lib/auth/rate-limits";
import { startSession } from "@/lib/auth/session-token";
import { recordAudit } from "@/lib/db/queries/audit-log";
import { loginBody } from "../schemas";
import { withSessionCookie } from "../session-response";

/**
 * POST /api/v1/auth/login `{ email, password }`: checks the password and sets the session cookie
 * (httpOnly, SameSite=Lax). Attempts are limited per address and per account.
 */
export const POST = handle(async (request: Request) => {
  const body = loginBody.parse(await jsonBody(request));
  const { db, cfg } = appServices();
  takeOrThrow(rateLimiters(cfg.auth).login, `account:${body.email}`, "for this account");
  const user = await checkPassword(db, body.email, body.password);
  const ip = clientAddress(request);
  if (!user) {
    recordAudit(db, { actor: "anonymous", action: "login failed", target: body.email, ip });
    throw new ApiError(401, "wrong email or password", [{ path: "password", message: "wrong email or password" }]);
  }
  const { token } = startSession(db, user.id, cfg.auth.sessionMs);
  recordAudit(db, { actor: `user:${user.email}`, action: "login", ip });
  return withSessionCookie(request, { user: { id: user.id, email: user.email, role: user.role } }, token, cfg.auth.sessionMs);
});
