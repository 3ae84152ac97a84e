const ORIGIN = "http://cognate.invalid";

/**
 * A `next` parameter that stays on this site: a path starting with one slash, else "/".
 * Browsers drop tabs and newlines from URLs and read `\` as `/`, so `/\t/evil.com` would become
 * `//evil.com` (another host): any control character or backslash is refused, and the path must
 * resolve to this site's origin.
 */
export function safeNextPath(raw: string): string {
  // eslint-disable-next-line no-control-regex
  if (!raw.startsWith("/") || raw.startsWith("//") || /[\u0000-\u001f\u007f\\]/.test(raw)) return "/";
  try {
    const url = new URL(raw, ORIGIN);
    return url.origin === ORIGIN ? url.pathname + url.search + url.hash : "/";
  } catch {
    return "/";
  }
}
