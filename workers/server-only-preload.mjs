/**
 * `node --import=./workers/server-only-preload.mjs ...`: lets a plain Node process that also
 * runs React outside the `react-server` condition (the web server, which hosts Next.js in process)
 * load lib/db, lib/jobs and the stage services natively. Their `import "server-only"` resolves,
 * for that one package only, as under the `react-server` condition (its empty entry), so nothing
 * else changes; workers, the CLI and benches use `--conditions=react-server` instead.
 */
import { register } from "node:module";

const hooks = `export async function resolve(specifier, context, next) {
  if (specifier !== "server-only") return next(specifier, context);
  return next(specifier, { ...context, conditions: [...context.conditions, "react-server"] });
}`;

register(`data:text/javascript,${encodeURIComponent(hooks)}`);
