import type { Db } from "@/lib/db/client";
import { AccessError } from "@/lib/auth/access-error";
import { KeyRefusedError, keyPrincipal } from "@/lib/auth/api-key";
import { ANONYMOUS, type Principal } from "@/lib/auth/principal";
import { readCookie, SESSION_COOKIE, sessionPrincipal } from "@/lib/auth/session-token";

/** The caller of a request and the credential it came with. */
export interface Authentication {
  principal: Principal;
  via: "key" | "cookie" | "none";
}

/**
 * Identifies the caller: `Authorization: Bearer <key>` first (a bad key is a 401, never a
 * quiet fall back to anonymous), then the session cookie, else anonymous.
 */
export async function authenticate(db: Db, request: Request, masterKey: string | undefined): Promise<Authentication> {
  const header = request.headers.get("authorization");
  if (header) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m)
      throw new AccessError(401, "send the API key as Authorization: Bearer <key>", {
        "WWW-Authenticate": 'Bearer realm="cognate"',
      });
    try {
      return { principal: await keyPrincipal(db, m[1], masterKey), via: "key" };
    } catch (err) {
      if (err instanceof KeyRefusedError)
        throw new AccessError(401, err.message, {
          "WWW-Authenticate": 'Bearer realm="cognate", error="invalid_token"',
        });
      throw err;
    }
  }
  const user = await sessionPrincipal(db, readCookie(request.headers.get("cookie"), SESSION_COOKIE));
  return user ? { principal: user, via: "cookie" } : { principal: ANONYMOUS, via: "none" };
}
