import { appServices } from "@/lib/app-services";
import { handle, idParam, notFound } from "@/lib/api/api-error";
import { requestAccess } from "@/lib/auth/request-access";
import { revokeApiKey } from "@/lib/db/queries/api-keys";
import { keyView } from "@/app/api/v1/keys/key-view";

/** DELETE /api/v1/keys/{id}: revokes a key at once (it stays listed as revoked). */
export const DELETE = handle(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const id = idParam((await params).id, "key");
  const key = await revokeApiKey(appServices().db, id);
  if (!key) throw notFound(`active key ${id}`);
  requestAccess(request).auditDetail = `revoked key "${key.name}" (${key.prefix})`;
  return Response.json({ key: keyView(key) });
});
