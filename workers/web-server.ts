/**
 * The production web server (`npm start` runs it in place of `next start`): Next.js's own
 * request handler behind a node:http server that answers the search and similarity API on the
 * lean path (workers/lean-api.ts) and hands every other request to Next.js.
 *
 *   node --import tsx workers/web-server.ts [--port 3000] [--hostname 0.0.0.0]
 *
 * `COGNATE_LEAN_API=0` sends every request through Next.js (the lean path off). Needs a
 * production build in `.next` (`next build`).
 */
import http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import next from "next";
import { leanApi, type LeanApi } from "@/workers/lean-api";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.PORT ?? "3000" },
    hostname: { type: "string" },
  },
});
const port = Number(values.port);
const root = process.cwd();

/** The lean path, or none (everything through Next.js, as `next start`) when the build's layout is not one it knows. */
async function leanOrNext(): Promise<LeanApi> {
  try {
    return await leanApi(path.join(root, ".next"), port);
  } catch (err) {
    console.error(
      `[web] lean API path off, Next.js answers every request: ${err instanceof Error ? err.message : err}`,
    );
    return () => false;
  }
}

async function main(): Promise<void> {
  const app = next({ dev: false, dir: root, hostname: values.hostname, port });
  const nextHandler = app.getRequestHandler();
  await app.prepare();
  const lean = process.env.COGNATE_LEAN_API === "0" ? () => false : await leanOrNext();
  const server = http.createServer((req, res) => {
    if (lean(req, res)) return;
    nextHandler(req, res).catch((err: unknown) => {
      console.error("[web]", err);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.listen(port, values.hostname, () => {
    const where = values.hostname ?? "0.0.0.0";
    console.log(
      `[web] listening on http://${where}:${port}${process.env.COGNATE_LEAN_API === "0" ? " (lean API path off)" : ""}`,
    );
  });
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
