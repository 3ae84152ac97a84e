import { appServices } from "@/lib/app-services";
import { handle, jsonBody } from "@/lib/api/api-error";
import { createApiKey } from "@/lib/auth/api-key";
import { requestAccess } from "@/lib/auth/request-access";
import { listApiKeys } from "@/lib/db/queries/api-keys";
import { keyView } from "@/app/api/v1/keys/key-view";
import { createKeyBody } from "@/app/api/v1/keys/schemas";

/** GET /api/v1/keys: every key (prefix, scopes, expiry, state), never the secret. */
export const GET = handle(async (_request: Request) =>
  Response.json({ keys: (await listApiKeys(appServices().db)).map((k) => keyView(k)) }),
);

/**
 * POST /api/v1/keys `{ name, scopes, expiresAt? }`: creates a key. The answer's `secret` is the
 * only time the key is shown; only its scrypt hash is stored.
 */
export const POST = handle(async (request: Request) => {
  const body = createKeyBody.parse(await jsonBody(request));
  const access = requestAccess(request);
  // A key made by a key answers to the same account, so it cannot outlive that account's role.
  const { principal } = access;
  const createdBy =
    principal.kind === "user" ? principal.userId : principal.kind === "key" ? (principal.createdBy ?? null) : null;
  const { key, secret } = await createApiKey(appServices().db, {
    name: body.name,
    scopes: [...new Set(body.scopes)],
    expiresAt: body.expiresAt ?? null,
    createdBy,
  });
  access.auditDetail = `created key "${key.name}" (${key.prefix}) with ${key.scopes}`;
  return Response.json({ key: keyView(key), secret }, { status: 201, headers: { "Cache-Control": "no-store" } });
});
