const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF check for cookie-authenticated requests that change something: the browser's `Origin`
 * (or, failing that, `Referer`) must be this server. Browsers send `Origin` on every fetch,
 * XHR and form POST, so same-origin pages pass untouched; a page on another site cannot forge
 * it. Returns a message when the request must be refused, undefined when it may go on.
 * Requests with an API key carry no ambient credential and are not checked.
 */
export function csrfProblem(request: Request): string | undefined {
  if (SAFE_METHODS.has(request.method)) return undefined;
  if (request.headers.get("sec-fetch-site") === "cross-site") return "cross-site request refused";
  const source = request.headers.get("origin") ?? request.headers.get("referer");
  if (!source || source === "null")
    return "missing Origin header: send changes from a Cognate page, or use an API key (Authorization: Bearer)";
  let origin: URL;
  try {
    origin = new URL(source);
  } catch {
    return "malformed Origin header";
  }
  const hosts = new Set(
    [new URL(request.url).host, request.headers.get("host"), request.headers.get("x-forwarded-host")].filter(Boolean),
  );
  return hosts.has(origin.host) ? undefined : `cross-origin request from ${origin.origin} refused`;
}
