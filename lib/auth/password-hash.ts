import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

/**
 * scrypt cost for passwords: N=2^17, r=8, p=1 as OWASP recommends (about 128 MiB and a few
 * hundred ms per hash). Hashes made with a lower cost still verify (the cost is part of the
 * stored string) and are replaced at the next login ({@link needsRehash}).
 */
export const PASSWORD_COST = { N: 1 << 17, r: 8, p: 1 } as const;
/** API keys carry 256 random bits, so a cheaper cost still leaves nothing to guess. */
export const KEY_COST = { N: 1 << 12, r: 8, p: 1 } as const;
const KEY_LEN = 32;

function scryptAsync(secret: string, salt: Buffer, cost: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, KEY_LEN, { ...cost, maxmem: 128 * cost.N! * cost.r! * 2 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** The cost a stored hash was made with, or undefined when it is not a scrypt hash of ours. */
function costOf(stored: string): { N: number; r: number; p: number } | undefined {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  return [N, r, p].every((n) => Number.isInteger(n) && n > 0) ? { N, r, p } : undefined;
}

/** True when `stored` was hashed with less than `cost` (hash the password again after it verified). */
export function needsRehash(stored: string, cost: { N: number; r: number; p: number } = PASSWORD_COST): boolean {
  const had = costOf(stored);
  return !had || had.N < cost.N || had.r < cost.r || had.p < cost.p;
}

/**
 * Hashes a secret with scrypt and a random salt into `scrypt$N$r$p$salt$hash` (base64url), a
 * self-describing form, so the cost can rise later without breaking stored hashes.
 */
export async function hashSecret(
  secret: string,
  cost: { N: number; r: number; p: number } = PASSWORD_COST,
): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(secret, salt, cost);
  return ["scrypt", cost.N, cost.r, cost.p, salt.toString("base64url"), hash.toString("base64url")].join("$");
}

/** True when `secret` hashes to `stored` (constant-time compare); false for any malformed hash. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const cost = costOf(stored);
  if (!cost || cost.N > 1 << 20) return false;
  const { N, r, p } = cost;
  const parts = stored.split("$");
  const expected = Buffer.from(parts[5], "base64url");
  const actual = await scryptAsync(secret, Buffer.from(parts[4], "base64url"), { N, r, p });
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
