import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_MASTER_KEY } from "@/tests/helpers/api-auth";

/**
 * Property-based attacks on every API route (issue 13, 7a): arbitrary path parameters, query
 * strings, JSON and multipart bodies and headers, sent as the master key, an admin session, a
 * user session, a search key and anonymous callers. No answer may be a 5xx, an error must be
 * JSON with a message, no call may take over 2 s (a hang detector, far above what any of them
 * needs), and a refused call must leave every table and the uploads folder as they were.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-fuzz-"));
process.env.COGNATE_DATA_DIR = dataDir;
process.env.COGNATE_SAMPLE = "0";
process.env.COGNATE_MASTER_KEY = TEST_MASTER_KEY;
process.env.COGNATE_RATE_LIMIT_IP = "1000000";
process.env.COGNATE_RATE_LIMIT_KEY = "1000000";
process.env.COGNATE_RATE_LIMIT_LOGIN = "1000000";
process.env.COGNATE_MAX_UPLOAD_MB = "1";

const HANG_MS = 2_000;
// Reproducible in CI; COGNATE_FUZZ_SEED and COGNATE_FUZZ_RUNS explore further locally.
const SEED = Number(process.env.COGNATE_FUZZ_SEED) || 20_250_713;
const RUNS = Number(process.env.COGNATE_FUZZ_RUNS) || 60;
/** Routes that hash a password (scrypt, a few hundred ms a call) get fewer runs. */
const FEWER_RUNS: Record<string, number> = {
  "POST /api/v1/auth/login": 15,
  "POST /api/v1/users": 15,
  "PATCH /api/v1/users/{id}": 20,
};
const COUNTED_TABLES = ["corpora", "uploads", "documents", "passages", "model_versions", "jobs", "users", "api_keys"];

const { discoverRoutes } = await import("@/tests/helpers/route-handlers");
const { fuzzSpec, toRequest } = await import("@/tests/helpers/fuzz-requests");
const { operationShapes } = await import("@/tests/helpers/operation-shapes");
const { fuzzFixtures } = await import("@/tests/helpers/fuzz-fixtures");
const { openApiDocument } = await import("@/app/api/v1/openapi.json/openapi-document");
const { appServices } = await import("@/lib/app-services");
const { rawRows } = await import("@/lib/db/client");

const routes = await discoverRoutes();
const shapes = operationShapes(openApiDocument("http://localhost"));
let fixtures: Awaited<ReturnType<typeof fuzzFixtures>>;

/** Row counts of the tables a refused request must not touch, and the files under uploads/. */
async function storedState(): Promise<Record<string, number>> {
  const { db } = appServices();
  const counts: Record<string, number> = {};
  for (const t of COUNTED_TABLES)
    counts[t] = (await rawRows<{ n: number }>(db, sql.raw(`select count(*) as n from ${t}`)))[0].n;
  const uploads = path.join(dataDir, "uploads");
  counts.uploadFiles = fs.existsSync(uploads) ? (fs.readdirSync(uploads, { recursive: true }) as string[]).length : 0;
  return counts;
}

/** The whole answer (the first event only of an event stream, which never ends by itself). */
async function readAnswer(res: Response): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array(0);
  if (res.headers.get("content-type")?.startsWith("text/event-stream")) {
    const reader = res.body.getReader();
    const first = await reader.read();
    await reader.cancel();
    return first.value ?? new Uint8Array(0);
  }
  return new Uint8Array(await res.arrayBuffer());
}

beforeAll(async () => {
  fixtures = await fuzzFixtures(appServices().db, dataDir);
}, 120_000);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("every API route under arbitrary requests", () => {
  it("finds the routes and their OpenAPI shapes", () => {
    expect(routes.length).toBeGreaterThan(30);
    for (const r of routes) if (r.key !== "GET /api/v1/openapi.json") expect(shapes[r.key], r.key).toBeDefined();
  });

  it.each(routes.map((r) => [r.key, r] as const))(
    "%s: no 5xx, no hang, nothing stored when refused",
    async (key, route) => {
      const spec = fuzzSpec(route, shapes[key], fixtures.idsFor(key), fixtures.callerNames);
      await fc.assert(
        fc.asyncProperty(spec, async (s) => {
          await fixtures.restore();
          const params = await fixtures.resolveParams(s.params);
          const before = await storedState();
          const abort = new AbortController();
          const request = toRequest({ ...s, params }, await fixtures.callerHeaders(s.caller), abort.signal);
          const started = performance.now();
          const res = await route.handler(request, { params: Promise.resolve(params) });
          const bytes = await readAnswer(res);
          const elapsed = performance.now() - started;
          abort.abort();
          const text = Buffer.from(bytes).toString("utf8");
          expect(res.status, text.slice(0, 500)).toBeLessThan(500);
          expect(elapsed, `took ${elapsed.toFixed(0)} ms`).toBeLessThan(HANG_MS);
          if (res.status >= 400) {
            expect(JSON.parse(text).error.message, text.slice(0, 500)).toEqual(expect.any(String));
            expect(await storedState(), `refused with ${res.status} but stored something: ${text}`).toEqual(before);
          }
        }),
        { numRuns: FEWER_RUNS[key] ?? RUNS, seed: SEED, endOnFailure: true },
      );
    },
  );
});
