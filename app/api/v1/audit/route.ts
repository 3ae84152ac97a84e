import { appServices } from "@/lib/app-services";
import { handle } from "@/lib/api/api-error";
import { listAudit } from "@/lib/db/queries/audit-log";
import { auditQuery } from "@/app/api/v1/audit/schemas";

/** GET /api/v1/audit?limit&offset: admin actions and sign-ins, newest first (who, what, when, from where). */
export const GET = handle(async (request: Request) => {
  const q = auditQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json({ entries: await listAudit(appServices().db, q) });
});
