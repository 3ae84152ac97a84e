/**
 * Where the milliseconds of a `POST /api/v1/search` go, in this process: the route handler
 * itself (body read and JSON parse, zod validation, authentication and rate limiting in
 * `handle()`, the search service, JSON serialisation of the response) called with a `Request`,
 * against the search service alone and the index search alone. What HTTP adds beyond the route
 * handler is Next.js's request handling and the socket. Query embedding is timed apart
 * (query-embedding.ts).
 */
import { BENCH_AUTH_ENV, BENCH_KEY } from "@/bench/search-http/app-server";

/** Milliseconds per call of the route's POST handler, one query at a time, for each body. */
export async function timeRouteHandler(dataDir: string, bodies: string[]): Promise<number[]> {
  // config() reads the environment once: set it before the route's modules first ask.
  Object.assign(process.env, BENCH_AUTH_ENV, { COGNATE_DATA_DIR: dataDir, COGNATE_SAMPLE: "0" });
  const { POST } = await import("@/app/api/v1/search/route");
  const headers = {
    "content-type": "application/json",
    authorization: `Bearer ${BENCH_KEY}`,
    "x-forwarded-for": "127.0.0.1",
  };
  const call = async (body: string) => {
    const response = await POST(new Request("http://127.0.0.1/api/v1/search", { method: "POST", headers, body }));
    const text = await response.text();
    if (response.status !== 200) throw new Error(`the route answered ${response.status}: ${text.slice(0, 300)}`);
  };
  await call(bodies[0]); // loads the index and the services
  const latenciesMs: number[] = [];
  for (const body of bodies) {
    const started = performance.now();
    await call(body);
    latenciesMs.push(performance.now() - started);
  }
  return latenciesMs;
}
