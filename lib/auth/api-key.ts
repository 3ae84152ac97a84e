import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { getApiKeyByPrefix, insertApiKey, touchApiKey, type ApiKeyView } from "@/lib/db/queries/api-keys";
import { getUser } from "@/lib/db/queries/users";
import { hashSecret, KEY_COST, verifySecret } from "@/lib/auth/password-hash";
import { parseScopes, ROLE_SCOPES, ROLES, scopesOf, type Principal, type Role, type Scope } from "@/lib/auth/principal";

const KEY_FORMAT = /^cgk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** Why a presented key was refused; the message is safe to send back. */
export class KeyRefusedError extends Error {}

/** Creates a key; returns its row and the full key, which is shown once and never stored. */
export async function createApiKey(
  db: Db,
  input: { name: string; scopes: readonly Scope[]; expiresAt: number | null; createdBy: number | null },
): Promise<{ key: ApiKeyView; secret: string }> {
  const prefix = randomBytes(6).toString("hex");
  const secretPart = randomBytes(32).toString("base64url");
  const secret = `cgk_${prefix}_${secretPart}`;
  const key = await insertApiKey(db, {
    name: input.name,
    prefix,
    secretHash: await hashSecret(secretPart, KEY_COST),
    scopes: input.scopes.join(","),
    createdBy: input.createdBy,
    expiresAt: input.expiresAt,
  });
  return { key, secret };
}

// Verified keys by SHA-256 of the whole key, so scrypt runs once per key and process, not per
// request. Revocation and expiry are still read from the database on every request.
const verified = new Map<string, number>();
/** When this process last recorded each key's use, per database (key id → ms): a busy key writes once a minute. */
const touchedIn = new WeakMap<Db, Map<number, number>>();

/** True when `presented` equals the master key (constant time). */
export function isMasterKey(presented: string, masterKey: string | undefined): boolean {
  if (!masterKey) return false;
  const a = createHash("sha256").update(presented).digest();
  const b = createHash("sha256").update(masterKey).digest();
  return timingSafeEqual(a, b);
}

/**
 * The scopes a key acts with: its own, but never more than its creator's current role holds
 * (an admin's admin key demoted with its owner searches only). A key whose creator account is
 * gone is refused; keys made with the master key (`createdBy` null) keep their scopes.
 */
export async function effectiveKeyScopes(db: Db, scopes: readonly Scope[], createdBy: number | null): Promise<Scope[]> {
  const own = scopesOf({ kind: "key", keyId: 0, name: "", prefix: "", scopes });
  if (createdBy === null) return [...own];
  const role = (await getUser(db, createdBy))?.role;
  if (!role) throw new KeyRefusedError("the account that created this API key was deleted; ask an admin for a new key");
  const allowed = (ROLES as readonly string[]).includes(role) ? ROLE_SCOPES[role as Role] : [];
  return own.filter((s) => allowed.includes(s));
}

/**
 * The principal for a Bearer key, or a {@link KeyRefusedError} saying why not (unknown,
 * revoked, expired, creator deleted). The master key (`COGNATE_MASTER_KEY`) is an admin key.
 */
export async function keyPrincipal(
  db: Db,
  presented: string,
  masterKey: string | undefined,
  now = Date.now(),
): Promise<Principal> {
  if (isMasterKey(presented, masterKey)) return { kind: "master" };
  const match = KEY_FORMAT.exec(presented);
  if (!match)
    throw new KeyRefusedError("the API key is not valid: send Authorization: Bearer cgk_… as an admin created it");
  const row = await getApiKeyByPrefix(db, match[1]);
  const digest = createHash("sha256").update(presented).digest("base64url");
  if (!row) throw new KeyRefusedError("the API key is not valid");
  if (verified.get(digest) !== row.id) {
    if (!(await verifySecret(match[2], row.secretHash))) throw new KeyRefusedError("the API key is not valid");
    if (verified.size > 10_000) verified.clear();
    verified.set(digest, row.id);
  }
  if (row.revokedAt !== null) throw new KeyRefusedError("this API key was revoked; ask an admin for a new one");
  if (row.expiresAt !== null && row.expiresAt <= now)
    throw new KeyRefusedError("this API key has expired; ask an admin for a new one");
  const scopes = await effectiveKeyScopes(db, parseScopes(row.scopes), row.createdBy);
  // The stored last use is at most a minute old: skip the write (and its wait for the write lock
  // while a worker writes) when this process recorded one less than a minute ago.
  let touched = touchedIn.get(db);
  if (!touched) touchedIn.set(db, (touched = new Map()));
  if (now - (touched.get(row.id) ?? -Infinity) >= 60_000) {
    await touchApiKey(db, row.id, now);
    if (touched.size > 10_000) touched.clear();
    touched.set(row.id, now);
  }
  return { kind: "key", keyId: row.id, name: row.name, prefix: row.prefix, scopes, createdBy: row.createdBy };
}
