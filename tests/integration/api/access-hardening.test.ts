import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/** Access fixes of issue 13: each block attacks one finding through the real route handlers. */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-hardening-"));
process.env.COGNATE_DATA_DIR = dataDir;
process.env.COGNATE_SAMPLE = "0";
process.env.COGNATE_RATE_LIMIT_IP = "100000";
process.env.COGNATE_RATE_LIMIT_LOGIN = "100000";
process.env.COGNATE_MASTER_KEY = "master-key-for-the-hardening-test";

const meRoute = await import("@/app/api/v1/auth/me/route");
const { appServices } = await import("@/lib/app-services");
const { createCorpus } = await import("@/lib/db/queries/corpora");
const { registerUser } = await import("@/lib/auth/accounts");
const { createApiKey } = await import("@/lib/auth/api-key");
const usersRoute = await import("@/app/api/v1/users/route");
const userRoute = await import("@/app/api/v1/users/[id]/route");
const keysRoute = await import("@/app/api/v1/keys/route");
const keyRoute = await import("@/app/api/v1/keys/[id]/route");
const loginRoute = await import("@/app/api/v1/auth/login/route");
const { listAudit, pruneAudit, recordAudit } = await import("@/lib/db/queries/audit-log");
const { auditLog } = await import("@/lib/db/schema");

const base = "http://localhost/api/v1";
const get = (url: string, headers: Record<string, string> = {}) => new Request(`${base}${url}`, { headers });
const send = (url: string, method: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`${base}${url}`, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const master = { authorization: "Bearer master-key-for-the-hardening-test" };
const params = (id: number | string) => ({ params: Promise.resolve({ id: String(id) }) });
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("malformed session cookie", () => {
  it("is treated as signed out, not a 500", async () => {
    appServices();
    for (const cookie of ["cognate_session=%E0%A4%A", "cognate_session=%", "cognate_session=%zz; other=1"]) {
      const res = await meRoute.GET(get("/auth/me", { cookie }));
      expect(res.status, cookie).toBe(200);
      expect((await res.json()).kind).toBe("anonymous");
    }
  });
});

describe("private corpus ids", () => {
  const routes: [string, string, Record<string, string>][] = [
    ["@/app/api/v1/corpora/[id]/route", "/corpora/ID", {}],
    ["@/app/api/v1/corpora/[id]/documents/route", "/corpora/ID/documents", {}],
    ["@/app/api/v1/corpora/[id]/passages/route", "/corpora/ID/passages?ids=1", {}],
    ["@/app/api/v1/corpora/[id]/clusters/route", "/corpora/ID/clusters", {}],
    ["@/app/api/v1/corpora/[id]/clusters/map/route", "/corpora/ID/clusters/map", {}],
    ["@/app/api/v1/corpora/[id]/clusters/export/route", "/corpora/ID/clusters/export", {}],
    ["@/app/api/v1/corpora/[id]/clusters/[cid]/route", "/corpora/ID/clusters/1", { cid: "1" }],
  ];

  it("answer anonymous callers alike whether the corpus is private or missing", async () => {
    const privateId = (await createCorpus(appServices().db, { name: "hidden corpus" })).id;
    const missingId = privateId + 1000;
    for (const [module, url, extra] of routes) {
      const route = (await import(/* @vite-ignore */ module)) as {
        GET: (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>;
      };
      const answer = async (id: number) => {
        const res = await route.GET(get(url.replace("ID", String(id))), {
          params: Promise.resolve({ id: String(id), ...extra }),
        });
        return { status: res.status, message: String((await res.json()).error?.message).replace(String(id), "ID") };
      };
      const [priv, missing] = [await answer(privateId), await answer(missingId)];
      expect(priv.status, url).toBe(401);
      expect(missing, url).toEqual(priv);
    }
  });
});

describe("API keys answer to their creator's current role", () => {
  it("drops admin powers when the creator is demoted, and refuses the key once the creator is deleted", async () => {
    const { db } = appServices();
    await registerUser(db, { email: "other-admin@test.example", password: "other-password-1", role: "admin" });
    const owner = await registerUser(db, { email: "owner@test.example", password: "owner-password-1", role: "admin" });
    const { secret } = await createApiKey(db, {
      name: "owner's automation",
      scopes: ["admin"],
      expiresAt: null,
      createdBy: owner.id,
    });
    const bearer = { authorization: `Bearer ${secret}` };
    expect((await usersRoute.GET(get("/users", bearer))).status).toBe(200);

    // A key made by that key answers to the same owner.
    const made = await keysRoute.POST(send("/keys", "POST", { name: "child", scopes: ["admin"] }, bearer));
    expect(made.status).toBe(201);
    const child = { authorization: `Bearer ${(await made.json()).secret}` };

    expect(
      (await userRoute.PATCH(send(`/users/${owner.id}`, "PATCH", { role: "user" }, master), params(owner.id))).status,
    ).toBe(200);
    for (const headers of [bearer, child]) {
      expect((await usersRoute.GET(get("/users", headers))).status).toBe(403);
      const me = await (await meRoute.GET(get("/auth/me", headers))).json();
      expect(me.scopes).toEqual(["search", "similarity", "embed"]);
    }

    expect(
      (await userRoute.DELETE(send(`/users/${owner.id}`, "DELETE", undefined, master), params(owner.id))).status,
    ).toBe(204);
    for (const headers of [bearer, child]) {
      const res = await meRoute.GET(get("/auth/me", headers));
      expect(res.status).toBe(401);
      expect((await res.json()).error.message).toMatch(/revoked|deleted/);
    }
  });

  it("keeps the scopes of keys made with the master key", async () => {
    const { secret } = await createApiKey(appServices().db, {
      name: "provisioned",
      scopes: ["admin"],
      expiresAt: null,
      createdBy: null,
    });
    expect((await usersRoute.GET(get("/users", { authorization: `Bearer ${secret}` }))).status).toBe(200);
  });
});

describe("audit of refused calls", () => {
  const entries = async (ip: string) => (await listAudit(appServices().db, { limit: 1000 })).filter((e) => e.ip === ip);

  it("records 401s, 403s and the use of a revoked key, naming a key by its public prefix only", async () => {
    const ip = "203.0.113.10";
    const from = { "x-forwarded-for": ip };
    expect((await usersRoute.GET(get("/users", from))).status).toBe(401);
    const { key, secret } = await createApiKey(appServices().db, {
      name: "soon revoked",
      scopes: ["search"],
      expiresAt: null,
      createdBy: null,
    });
    expect((await usersRoute.GET(get("/users", { ...from, authorization: `Bearer ${secret}` }))).status).toBe(403);
    expect((await keyRoute.DELETE(send(`/keys/${key.id}`, "DELETE", undefined, master), params(key.id))).status).toBe(
      200,
    );
    expect((await meRoute.GET(get("/auth/me", { ...from, authorization: `Bearer ${secret}` }))).status).toBe(401);

    const log = await entries(ip);
    expect(log.map((e) => e.action).sort()).toEqual(["refused 401", "refused 403", "revoked API key used"]);
    expect(log.find((e) => e.action === "refused 403")).toMatchObject({
      actor: `key:soon revoked (${key.prefix})`,
      target: "GET /api/v1/users",
    });
    expect(log.find((e) => e.action === "revoked API key used")).toMatchObject({
      actor: `key:cgk_${key.prefix}`,
      target: "GET /api/v1/auth/me",
    });
    expect(JSON.stringify(log)).not.toContain(secret.slice(-20));
  });

  it("cannot be flooded: refusals and failed logins are written at a bounded rate per source", async () => {
    const ip = "203.0.113.11";
    for (let i = 0; i < 40; i++) await usersRoute.GET(get("/users", { "x-forwarded-for": ip }));
    const started = Date.now();
    for (let i = 0; i < 16; i++) {
      const res = await loginRoute.POST(
        send(
          "/auth/login",
          "POST",
          { email: "nobody@test.example", password: `guess ${i}` },
          { "x-forwarded-for": ip, origin: "http://localhost" },
        ),
      );
      expect([401, 429]).toContain(res.status);
    }
    const log = await entries(ip);
    expect(log.filter((e) => e.action === "refused 401").length).toBeLessThanOrEqual(10);
    expect(log.filter((e) => e.action === "login failed").length).toBeGreaterThan(0);
    // 10 a minute per source: a few more may have refilled while the slow password checks ran.
    expect(log.filter((e) => e.action === "login failed").length).toBeLessThanOrEqual(
      10 + Math.ceil((Date.now() - started) / 6000),
    );
    expect(log.filter((e) => e.action === "login failed").length).toBeLessThan(16);
  });
});

describe("audit retention", () => {
  it("prunes entries past the age and row limits", async () => {
    const { db } = appServices();
    const now = Date.now();
    await db.delete(auditLog);
    for (let i = 0; i < 5; i++) await recordAudit(db, { actor: "test", action: `old ${i}` });
    await db.update(auditLog).set({ createdAt: now - 100 * 86_400_000 });
    for (let i = 0; i < 8; i++) await recordAudit(db, { actor: "test", action: `new ${i}` });
    expect(await pruneAudit(db, { maxAgeMs: 90 * 86_400_000, maxRows: 6, now })).toBe(7);
    expect((await listAudit(db, { limit: 100 })).map((e) => e.action)).toEqual([
      "new 7",
      "new 6",
      "new 5",
      "new 4",
      "new 3",
      "new 2",
    ]);
  });
});
