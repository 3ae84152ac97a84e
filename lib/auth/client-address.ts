/**
 * The client's address for per-address limits and the audit log. Next.js fills
 * `X-Forwarded-For` with the socket address when the request has none; behind a reverse proxy,
 * the proxy appends the real client, so the last entry is the one a client cannot choose.
 * A client talking to Next.js directly can still send its own header: put a proxy in front
 * (README, "Rate limits") where per-address limits matter.
 */
export function clientAddress(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for");
  const last = forwarded?.split(",").map((s) => s.trim()).filter(Boolean).pop();
  return (last || request.headers.get("x-real-ip") || "local").slice(0, 100);
}
