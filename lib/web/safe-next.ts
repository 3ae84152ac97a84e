/** A `next` parameter that stays on this site: a path starting with one slash, else "/". */
export function safeNextPath(raw: string): string {
  return raw.startsWith("/") && !raw.startsWith("//") && !raw.startsWith("/\\") ? raw : "/";
}
