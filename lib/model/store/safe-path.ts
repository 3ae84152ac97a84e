import path from "node:path";

/** Thrown when a name from outside (a request, a job payload) would lead out of its folder. */
export class UnsafePathError extends Error {}

/**
 * Joins `parts` under `root` and returns the absolute path, refusing (UnsafePathError) any result
 * outside `root`: `..`, absolute parts and NUL bytes cannot climb out. Use it whenever a corpus
 * name, model name or id from a request becomes part of a path.
 */
export function insideFolder(root: string, ...parts: string[]): string {
  if (parts.some((p) => p.includes("\0"))) throw new UnsafePathError("a path must not contain NUL bytes");
  const base = path.resolve(root);
  const full = path.resolve(base, ...parts);
  const rel = path.relative(base, full);
  if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel))
    throw new UnsafePathError(`"${parts.join("/")}" leads outside ${base}; use a plain name without slashes or ..`);
  return full;
}
