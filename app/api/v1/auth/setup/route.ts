import { appServices } from "@/lib/app-services";
import { ApiError, handle, jsonBody } from "@/lib/api/api-error";
import { needsSetup } from "@/lib/auth/accounts";
import { hashSecret } from "@/lib/auth/password-hash";
import { createUser } from "@/lib/db/queries/users";
import { clientAddress } from "@/lib/auth/client-address";
import { writeTransaction } from "@/lib/db/client";
import { startSession } from "@/lib/auth/session-token";
import { recordAudit } from "@/lib/db/queries/audit-log";
import { assertSetupAllowed, clearSetupToken } from "@/lib/auth/setup-token";
import { setupBody } from "@/app/api/v1/auth/schemas";
import { withSessionCookie } from "@/app/api/v1/auth/session-response";

/**
 * POST /api/v1/auth/setup `{ email, password }`: creates the first admin account and logs it in.
 * Only while no account exists; afterwards 409 (admins then add accounts on /admin). From
 * another machine than the server, `setupToken` (printed in the server log) is required, else 403.
 */
export const POST = handle(async (request: Request) => {
  const { db, cfg } = appServices();
  if (!(await needsSetup(db)))
    throw new ApiError(409, "Cognate is set up already: log in, and ask an admin for an account");
  const body = setupBody.parse(await jsonBody(request));
  assertSetupAllowed(cfg.dataDir, request.headers.get("x-forwarded-for"), body.setupToken);
  const passwordHash = await hashSecret(body.password);
  // Checked again after the slow hash, in one write transaction with the insert, so two racing requests cannot both win.
  const user = await writeTransaction(db, async (tx) => {
    if (!(await needsSetup(tx)))
      throw new ApiError(409, "Cognate is set up already: log in, and ask an admin for an account");
    return createUser(tx, { email: body.email, passwordHash, role: "admin" });
  });
  clearSetupToken(cfg.dataDir);
  const { token } = await startSession(db, user.id, cfg.auth.sessionMs);
  await recordAudit(db, {
    actor: `user:${user.email}`,
    action: "setup: created the first admin",
    ip: clientAddress(request, cfg.auth.trustedProxies),
  });
  return withSessionCookie(request, { user }, token, cfg.auth.sessionMs, 201);
});
