import { handle } from "@/lib/api/api-error";
import { requestAccess } from "@/lib/auth/request-access";
import { actorLabel, scopesOf } from "@/lib/auth/principal";

/** GET /api/v1/auth/me: who the caller is (`kind` anonymous, user, key or master) and its scopes. */
export const GET = handle((request: Request) => {
  const { principal } = requestAccess(request);
  const role = principal.kind === "user" ? principal.role : principal.kind === "anonymous" ? null : undefined;
  return Response.json(
    { kind: principal.kind, name: actorLabel(principal), role, scopes: scopesOf(principal) },
    { headers: { "Cache-Control": "no-store" } },
  );
});
