import { createApiKey } from "@/lib/auth/api-key";
import { registerUser } from "@/lib/auth/accounts";
import { SCOPES, type Scope } from "@/lib/auth/principal";
import { SESSION_COOKIE, startSession } from "@/lib/auth/session-token";
import type { Db } from "@/lib/db/client";

/** Headers that make a request come from one kind of caller. */
export type CallerHeaders = Record<string, string>;

/** Accounts for route tests: an admin and a user, with fresh sessions on demand. */
export async function makeAccounts(db: Db) {
  const admin = await registerUser(db, { email: "admin@test.example", password: "admin-password-1", role: "admin" });
  const user = await registerUser(db, { email: "user@test.example", password: "user-password-1", role: "user" });
  const session = async (userId: number): Promise<CallerHeaders> => ({
    cookie: `${SESSION_COOKIE}=${(await startSession(db, userId, 3_600_000)).token}`,
    origin: "http://localhost",
  });
  return { admin, user, adminSession: () => session(admin.id), userSession: () => session(user.id) };
}

/** A Bearer header for a new key with these scopes (and expiry). */
export async function keyHeaders(
  db: Db,
  scopes: readonly Scope[],
  expiresAt: number | null = null,
): Promise<CallerHeaders & { keyId: string }> {
  const { key, secret } = await createApiKey(db, {
    name: `test ${scopes.join("+") || "none"}`,
    scopes,
    expiresAt,
    createdBy: null,
  });
  return { authorization: `Bearer ${secret}`, keyId: String(key.id) };
}

/** Every scope except `scope` (and except admin, which would bring it back). */
export function scopesWithout(scope: Scope): Scope[] {
  return SCOPES.filter((s) => s !== scope && s !== "admin");
}
