/**
 * Hides absolute server paths in text shown to clients (job errors and messages): a path tells
 * a visitor the server's layout and user names, and is of no use to them. Each path becomes
 * `…/` and its last segment, which still names the file (`…/model.onnx`).
 */

// The app's own URL roots, so that hints such as "POST /api/v1/corpora/3/clusters" stay as written.
const URL_ROOTS = new Set([
  "api",
  "corpora",
  "documents",
  "models",
  "jobs",
  "admin",
  "setup",
  "login",
  "explore",
  "similarity",
  "search",
  "api-docs",
]);

// A POSIX path of two or more segments, at the start or after a space, quote, bracket, = or comma
// (not after a colon, so `https://host/a/b` is left alone), or a Windows drive path.
const POSIX_PATH = /(^|[\s'"`([{=,])(\/[^\s'"`()[\]{},:;/]+(?:\/[^\s'"`()[\]{},:;/]*)+)/g;
const WINDOWS_PATH = /\b[A-Za-z]:\\(?:[^\s'"`\\]+\\)*[^\s'"`\\]*/g;

function lastSegment(path: string, separator: string): string {
  const parts = path.split(separator).filter(Boolean);
  return `…${separator}${parts.at(-1) ?? ""}`;
}

/** `text` with absolute file paths shortened to their last segment. */
export function redactPaths(text: string): string;
export function redactPaths(text: string | null): string | null;
export function redactPaths(text: string | null): string | null {
  if (!text) return text;
  return text
    .replace(POSIX_PATH, (whole, before: string, path: string) =>
      URL_ROOTS.has(path.split("/")[1]) ? whole : before + lastSegment(path, "/"),
    )
    .replace(WINDOWS_PATH, (path) => lastSegment(path, "\\"));
}
