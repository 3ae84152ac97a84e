import type { ApiKeyView } from "@/lib/db/queries/api-keys";

/** A key as the API shows it: scopes as a list, and its state (active, expired or revoked). */
export function keyView(k: ApiKeyView, now = Date.now()) {
  const status = k.revokedAt !== null ? "revoked" : k.expiresAt !== null && k.expiresAt <= now ? "expired" : "active";
  return { ...k, scopes: k.scopes.split(",").filter(Boolean), status };
}
