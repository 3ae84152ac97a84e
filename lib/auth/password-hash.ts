import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

/** scrypt cost for passwords (N=2^15, r=8, p=1: about 32 MiB and tens of ms per hash). */
const PASSWORD_COST = { N: 1 << 15, r: 8, p: 1 } as const;
/** API keys carry 256 random bits, so a cheaper cost still leaves nothing to guess. */
export const KEY_COST = { N: 1 << 12, r: 8, p: 1 } as const;
const KEY_LEN = 32;

function scryptAsync(secret: string, salt: Buffer, cost: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, KEY_LEN, { ...cost, maxmem: 128 * cost.N! * cost.r! * 2 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/**
 * Hashes a secret with scrypt and a random salt into `scrypt$N$r$p$salt$hash` (base64url), a
 * self-describing form, so the cost can rise later without breaking stored hashes.
 */
export async function hashSecret(secret: string, cost: { N: number; r: number; p: number } = PASSWORD_COST): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(secret, salt, cost);
  return ["scrypt", cost.N, cost.r, cost.p, salt.toString("base64url"), hash.toString("base64url")].join("$");
}

/** True when `secret` hashes to `stored` (constant-time compare); false for any malformed hash. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 1 << 20) return false;
  const expected = Buffer.from(parts[5], "base64url");
  const actual = await scryptAsync(secret, Buffer.from(parts[4], "base64url"), { N, r, p });
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
