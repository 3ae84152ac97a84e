import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { createSession, deleteExpiredSessions, findSession } from "@/lib/db/queries/sessions";
import type { Principal, Role } from "@/lib/auth/principal";

/** The session cookie's name. */
export const SESSION_COOKIE = "cognate_session";

/** SHA-256 of a session token: the database never holds a token that would log someone in. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/** Starts a session for a user; returns the token for the cookie (shown nowhere else). */
export async function startSession(
  db: Db,
  userId: number,
  lifetimeMs: number,
  now = Date.now(),
): Promise<{ token: string; expiresAt: number }> {
  await deleteExpiredSessions(db, now);
  const token = randomBytes(32).toString("base64url");
  const expiresAt = now + lifetimeMs;
  await createSession(db, { tokenHash: hashToken(token), userId, expiresAt });
  return { token, expiresAt };
}

/** The user behind a session token, or undefined when the token is unknown or expired. */
export async function sessionPrincipal(
  db: Db,
  token: string | undefined,
): Promise<Extract<Principal, { kind: "user" }> | undefined> {
  if (!token || token.length > 200) return undefined;
  const row = await findSession(db, hashToken(token));
  if (!row) return undefined;
  return { kind: "user", userId: row.userId, email: row.email, role: row.role as Role, sessionId: row.sessionId };
}

/**
 * The `Set-Cookie` value for a session: httpOnly (no script reads it), SameSite=Lax (not sent
 * on cross-site POSTs), Path=/, Secure on https. An empty token with maxAge 0 clears it.
 */
export function sessionCookie(token: string, maxAgeMs: number, secure: boolean): string {
  const parts = [
    `${SESSION_COOKIE}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${Math.max(0, Math.floor(maxAgeMs / 1000))}`,
  ];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

/**
 * Reads one cookie out of a `Cookie` header; undefined when it is absent or not valid
 * percent-encoding (a malformed cookie means signed out, never an error).
 */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
