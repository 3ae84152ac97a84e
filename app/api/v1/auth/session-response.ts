import { config } from "@/lib/config";
import { sessionCookie } from "@/lib/auth/session-token";

/** Whether cookies get `Secure`: COGNATE_SECURE_COOKIES, else when the request came over https. */
function secure(request: Request): boolean {
  const configured = config().auth.secureCookies;
  if (configured !== undefined) return configured;
  return (request.headers.get("x-forwarded-proto") ?? new URL(request.url).protocol.replace(":", "")) === "https";
}

/** A JSON response that sets (or, with an empty token, clears) the session cookie. */
export function withSessionCookie(
  request: Request,
  body: unknown,
  token: string,
  maxAgeMs: number,
  status = 200,
): Response {
  return Response.json(body, {
    status,
    headers: { "Set-Cookie": sessionCookie(token, maxAgeMs, secure(request)), "Cache-Control": "no-store" },
  });
}
