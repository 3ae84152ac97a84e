import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * Table-driven access test: finds every route handler (app/api/**\/route.ts and its exported
 * methods), requires an access rule for it in lib/auth/route-access.ts, and calls it as an
 * anonymous caller, a user, an admin, and API keys with and without the needed scope.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-access-"));
process.env.COGNATE_DATA_DIR = dataDir;
process.env.COGNATE_SAMPLE = "0";
process.env.COGNATE_RATE_LIMIT_IP = "100000";
process.env.COGNATE_RATE_LIMIT_LOGIN = "100000";

const { ROUTE_ACCESS } = await import("@/lib/auth/route-access");
const { appServices } = await import("@/lib/app-services");
const { createCorpus, setCorpusPublic } = await import("@/lib/db/queries/corpora");
const { makeAccounts, keyHeaders, scopesWithout } = await import("@/tests/helpers/principals");
const { discoverRoutes } = await import("@/tests/helpers/route-handlers");
type RouteCase = Awaited<ReturnType<typeof discoverRoutes>>[number];

const routes = await discoverRoutes();
let privateCorpus: number;
let publicCorpus: number;
let accounts: Awaited<ReturnType<typeof makeAccounts>>;

function call(route: RouteCase, headers: Record<string, string>, id: number | string = 999_999): Promise<Response> {
  const url = "http://localhost" + route.key.split(" ")[1].replace(/\{\w+\}/g, String(id));
  const hasBody = route.method !== "GET" && route.method !== "DELETE";
  const init: RequestInit = {
    method: route.method,
    headers: { ...headers, ...(hasBody ? { "content-type": "application/json" } : {}) },
    body: hasBody ? "{}" : undefined,
  };
  const params = Object.fromEntries(route.paramNames.map((n) => [n, String(id)]));
  return route.handler(new Request(url, init), { params: Promise.resolve(params) });
}

async function statusOf(res: Response): Promise<number> {
  await res.body?.cancel().catch(() => undefined);
  return res.status;
}

beforeAll(async () => {
  const { db } = appServices();
  accounts = await makeAccounts(db);
  privateCorpus = (await createCorpus(db, { name: "private-corpus-marker" })).id;
  publicCorpus = (await createCorpus(db, { name: "open corpus" })).id;
  await setCorpusPublic(db, publicCorpus, true);
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("route access table", () => {
  it("finds the route handlers", () => {
    expect(routes.length).toBeGreaterThan(20);
  });

  it.each(routes.map((r) => [r.key, r] as const))("%s has an access rule", (key, route) => {
    expect(
      ROUTE_ACCESS[key],
      `${route.file} exports ${route.method} but lib/auth/route-access.ts has no rule "${key}": add one`,
    ).toBeDefined();
  });

  it("refuses to serve a handler whose route has no rule (fails closed)", async () => {
    const { handle } = await import("@/lib/api/api-error");
    const unruled = handle((_request: Request) => new Response("secret"));
    const res = await unruled(
      new Request("http://localhost/api/v1/corpora/1/secrets", { headers: await accounts.adminSession() }),
    );
    expect(res.status).toBe(500);
    expect((await res.json()).error.message).toMatch(
      /no access rule for GET \/api\/v1\/corpora\/1\/secrets: add one to ROUTE_ACCESS/,
    );
  });

  it("has no rule for a route that does not exist", () => {
    const keys = new Set(routes.map((r) => r.key));
    expect(Object.keys(ROUTE_ACCESS).filter((k) => !keys.has(k))).toEqual([]);
  });

  it.each(routes.map((r) => [r.key, r] as const))(
    "%s: anonymous, user, admin, keys with and without the scope",
    async (key, route) => {
      const rule = ROUTE_ACCESS[key];
      if (!rule) return; // reported above
      const { db } = appServices();
      const asAdmin = await statusOf(await call(route, await accounts.adminSession()));
      const asUser = await statusOf(await call(route, await accounts.userSession()));
      // A browser sends Origin with every POST, so anonymous calls pass the CSRF check of the login forms.
      const anonymous = await call(
        route,
        { origin: "http://localhost" },
        route.paramNames.length ? privateCorpus : 999_999,
      );
      const anonStatus = anonymous.status;
      const anonText = await anonymous.text();
      expect(anonStatus, `${key} as anonymous: ${anonText}`).not.toBe(500);
      expect(asAdmin, `${key} as admin`).not.toBe(500);

      if ("public" in rule || "session" in rule) {
        for (const [who, status] of [
          ["admin", asAdmin],
          ["user", asUser],
          ["anonymous", anonStatus],
        ] as const)
          expect([401, 403], `${key} as ${who}`).not.toContain(status);
        return;
      }
      const withScope = await keyHeaders(db, [rule.scope]);
      const withoutScope = await keyHeaders(db, scopesWithout(rule.scope));
      expect([401, 403], `${key} as admin`).not.toContain(asAdmin);
      expect([401, 403], `${key} with a ${rule.scope} key`).not.toContain(await statusOf(await call(route, withScope)));
      expect(await statusOf(await call(route, withoutScope)), `${key} with a key lacking ${rule.scope}`).toBe(403);
      if (rule.scope === "admin") expect(asUser, `${key} as user`).toBe(403);
      else expect([401, 403], `${key} as user`).not.toContain(asUser);
      if (rule.anonymousPublicCorpus) {
        // Anonymous callers may get an answer, but never one about a private corpus.
        expect([401, 400], `${key} as anonymous`).toContain(
          anonStatus === 200 ? 401 : anonStatus === 400 ? 400 : anonStatus,
        );
        expect(anonText).not.toContain("private-corpus-marker");
        if (key.startsWith("GET /api/v1/corpora/{id}"))
          expect(await statusOf(await call(route, {}, publicCorpus)), `${key} on a public corpus`).not.toBe(401);
      } else {
        expect(anonStatus, `${key} as anonymous`).toBe(401);
      }
    },
  );
});
