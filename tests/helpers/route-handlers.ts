import fs from "node:fs";
import path from "node:path";

/** The HTTP methods a route.ts may export. */
export const ROUTE_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** A route handler as Next.js calls it: the Request and a context whose params are a promise. */
export type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** One exported method of one route.ts under app/api. */
export interface RouteCase {
  /** "METHOD /api/v1/path/{param}", as in lib/auth/route-access.ts and the OpenAPI document. */
  key: string;
  method: (typeof ROUTE_METHODS)[number];
  /** "/api/v1/path/{param}". */
  pattern: string;
  file: string;
  /** The dynamic segments' names in path order (`[id]` → "id"). */
  paramNames: string[];
  handler: RouteHandler;
}

/**
 * Every route.ts under `root` (default app/api) with its exported HTTP methods, imported in
 * process. Import it after the environment the routes read (COGNATE_DATA_DIR, ...) is set.
 */
export async function discoverRoutes(root = "app/api"): Promise<RouteCase[]> {
  const files = (fs.readdirSync(root, { recursive: true }) as string[])
    .filter((f) => path.basename(f) === "route.ts")
    .sort();
  const cases: RouteCase[] = [];
  for (const file of files) {
    const dir = path.dirname(file);
    const pattern =
      `/${path.basename(root)}/` +
      dir
        .split(path.sep)
        .map((seg) => seg.replace(/^\[(\w+)\]$/, "{$1}"))
        .join("/");
    const paramNames = [...dir.matchAll(/\[(\w+)\]/g)].map((m) => m[1]);
    const mod = (await import(path.resolve(root, file))) as Record<string, unknown>;
    for (const method of ROUTE_METHODS) {
      if (typeof mod[method] === "function")
        cases.push({
          key: `${method} ${pattern}`,
          method,
          pattern,
          file: path.join(root, file),
          paramNames,
          handler: mod[method] as RouteHandler,
        });
    }
  }
  return cases;
}
