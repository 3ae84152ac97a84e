import { appServices } from "@/lib/app-services";
import { handle } from "@/lib/api/api-error";
import { requestAccess } from "@/lib/auth/request-access";
import { deleteSession } from "@/lib/db/queries/sessions";
import { withSessionCookie } from "@/app/api/v1/auth/session-response";

/** POST /api/v1/auth/logout: ends the caller's session and clears the cookie (harmless without one). */
export const POST = handle(async (request: Request) => {
  const { principal } = requestAccess(request);
  if (principal.kind === "user") await deleteSession(appServices().db, principal.sessionId);
  return withSessionCookie(request, { ok: true }, "", 0);
});
