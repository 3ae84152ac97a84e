import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it, vi } from "vitest";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-auth-"));
process.env.COGNATE_DATA_DIR = dataDir;
process.env.COGNATE_SAMPLE = "0";
process.env.COGNATE_RATE_LIMIT_IP = "100000";
process.env.COGNATE_RATE_LIMIT_KEY = "60";
process.env.COGNATE_RATE_LIMIT_LOGIN = "100000";
process.env.COGNATE_MAX_BODY_KB = "4";
process.env.COGNATE_MASTER_KEY = "master-key-for-the-auth-flow-test";
process.env.COGNATE_ADMIN_EMAIL = "Root@Example.org";
process.env.COGNATE_ADMIN_PASSWORD = "root-password-123";

const loginRoute = await import("@/app/api/v1/auth/login/route");
const logoutRoute = await import("@/app/api/v1/auth/logout/route");
const setupRoute = await import("@/app/api/v1/auth/setup/route");
const meRoute = await import("@/app/api/v1/auth/me/route");
const keysRoute = await import("@/app/api/v1/keys/route");
const keyRoute = await import("@/app/api/v1/keys/[id]/route");
const usersRoute = await import("@/app/api/v1/users/route");
const userRoute = await import("@/app/api/v1/users/[id]/route");
const auditRoute = await import("@/app/api/v1/audit/route");
const corporaRoute = await import("@/app/api/v1/corpora/route");
const corpusRoute = await import("@/app/api/v1/corpora/[id]/route");
const searchRoute = await import("@/app/api/v1/search/route");
const { appServices } = await import("@/lib/app-services");
const { rawRows } = await import("@/lib/db/client");
const { keyHeaders } = await import("@/tests/helpers/principals");

const base = "http://localhost/api/v1";
const origin = { origin: "http://localhost" };
const master = { authorization: "Bearer master-key-for-the-auth-flow-test" };
const post = (url: string, body: unknown, headers: Record<string, string> = {}, method = "POST") =>
  new Request(`${base}${url}`, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
const get = (url: string, headers: Record<string, string> = {}) => new Request(`${base}${url}`, { headers });
const params = (id: number | string) => ({ params: Promise.resolve({ id: String(id) }) });
const cookieOf = (res: Response) => res.headers.get("set-cookie")!.split(";")[0];

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("accounts and sessions", () => {
  it("creates the admin from the environment, and setup is closed", async () => {
    const res = await setupRoute.POST(
      post("/auth/setup", { email: "x@example.org", password: "long enough password" }, origin),
    );
    expect(res.status).toBe(409);
  });

  it("lists the public corpora to an anonymous caller: none yet is an empty list, not a 401", async () => {
    const res = await corporaRoute.GET(get("/corpora"));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ corpora: [] });
  });

  it("logs in with an httpOnly SameSite cookie, knows the user, and logs out", async () => {
    const bad = await loginRoute.POST(
      post("/auth/login", { email: "root@example.org", password: "wrong password" }, origin),
    );
    expect(bad.status).toBe(401);
    const res = await loginRoute.POST(
      post("/auth/login", { email: "ROOT@example.org", password: "root-password-123" }, origin),
    );
    expect(res.status).toBe(200);
    const setCookie = res.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const cookie = cookieOf(res);
    const me = await (await meRoute.GET(get("/auth/me", { cookie }))).json();
    expect(me).toMatchObject({ kind: "user", role: "admin" });
    expect((await logoutRoute.POST(post("/auth/logout", {}, { cookie, ...origin }))).status).toBe(200);
    expect((await (await meRoute.GET(get("/auth/me", { cookie }))).json()).kind).toBe("anonymous");
  });

  it("refuses a login form posted from another site (CSRF) and validates fields", async () => {
    expect(
      (
        await loginRoute.POST(
          post(
            "/auth/login",
            { email: "root@example.org", password: "root-password-123" },
            { origin: "https://evil.example" },
          ),
        )
      ).status,
    ).toBe(403);
    const res = await loginRoute.POST(post("/auth/login", { email: "not an email", password: "" }, origin));
    expect(res.status).toBe(400);
    expect((await res.json()).error.details.map((d: { path: string }) => d.path).sort()).toEqual(["email", "password"]);
  });

  it("requires a same-origin Origin for cookie-authenticated changes, not for API keys", async () => {
    const cookie = cookieOf(
      await loginRoute.POST(post("/auth/login", { email: "root@example.org", password: "root-password-123" }, origin)),
    );
    const body = { name: "csrf corpus" };
    expect((await corporaRoute.POST(post("/corpora", body, { cookie }))).status).toBe(403);
    expect(
      (await corporaRoute.POST(post("/corpora", body, { cookie, origin: "http://attacker.example" }))).status,
    ).toBe(403);
    expect(
      (await corporaRoute.POST(post("/corpora", body, { cookie, "sec-fetch-site": "cross-site", ...origin }))).status,
    ).toBe(403);
    expect((await corporaRoute.POST(post("/corpora", body, { cookie, ...origin }))).status).toBe(201);
    expect((await corporaRoute.POST(post("/corpora", { name: "by key" }, master))).status).toBe(201);
  });

  it("creates users and refuses duplicates and short passwords with field messages", async () => {
    expect(
      (await usersRoute.POST(post("/users", { email: "ann@example.org", password: "ann-password-1" }, master))).status,
    ).toBe(201);
    expect(
      (await usersRoute.POST(post("/users", { email: "ann@example.org", password: "ann-password-1" }, master))).status,
    ).toBe(409);
    const short = await usersRoute.POST(
      post("/users", { email: "bob@example.org", password: "short", role: "root" }, master),
    );
    expect(short.status).toBe(400);
    expect((await short.json()).error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      "password",
      "role",
    ]);
  });
});

describe("API keys", () => {
  it("shows the key once, stores only a hash, and honours scopes", async () => {
    const res = await keysRoute.POST(post("/keys", { name: "reader", scopes: ["search"] }, master));
    expect(res.status).toBe(201);
    const { key, secret } = await res.json();
    expect(secret).toMatch(/^cgk_[0-9a-f]{12}_/);
    // The secret part is base64url and may itself hold "_", so cut at the fixed prefix length.
    const secretPart = secret.slice(`cgk_${key.prefix}_`.length);
    const listed = JSON.stringify(await (await keysRoute.GET(get("/keys", master))).json());
    expect(listed).toContain(key.prefix);
    expect(listed).not.toContain(secretPart);
    const stored = JSON.stringify(await rawRows(appServices().db, sql`select * from api_keys`));
    expect(stored).not.toContain(secretPart);
    const auth = { authorization: `Bearer ${secret}` };
    expect((await corporaRoute.GET(get("/corpora", auth))).status).toBe(200);
    expect((await corporaRoute.POST(post("/corpora", { name: "nope" }, auth))).status).toBe(403);
  });

  it("refuses revoked, expired, malformed and unknown keys with 401", async () => {
    const { db } = appServices();
    const live = await keyHeaders(db, ["search"]);
    expect((await corporaRoute.GET(get("/corpora", { authorization: live.authorization }))).status).toBe(200);
    expect(
      (
        await keyRoute.DELETE(
          new Request(`${base}/keys/${live.keyId}`, { method: "DELETE", headers: master }),
          params(live.keyId),
        )
      ).status,
    ).toBe(200);
    const revoked = await corporaRoute.GET(get("/corpora", { authorization: live.authorization }));
    expect(revoked.status).toBe(401);
    expect((await revoked.json()).error.message).toMatch(/revoked/);

    const soon = Date.now() + 60_000;
    const expiring = await keyHeaders(db, ["search"], soon);
    expect((await corporaRoute.GET(get("/corpora", { authorization: expiring.authorization }))).status).toBe(200);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(soon + 1);
      const expired = await corporaRoute.GET(get("/corpora", { authorization: expiring.authorization }));
      expect(expired.status).toBe(401);
      expect((await expired.json()).error.message).toMatch(/expired/);
    } finally {
      vi.useRealTimers();
    }
    const forged = live.authorization.slice(0, -4) + "AAAA";
    for (const authorization of [forged, "Bearer nonsense", "Basic abc", "Bearer cgk_000000000000_" + "A".repeat(43)]) {
      expect((await corporaRoute.GET(get("/corpora", { authorization }))).status, authorization).toBe(401);
    }
  });

  it("refuses an expiry in the past", async () => {
    expect(
      (
        await keysRoute.POST(
          post("/keys", { name: "old", scopes: ["search"], expiresAt: "2001-01-01T00:00:00Z" }, master),
        )
      ).status,
    ).toBe(400);
  });
});

describe("limits", () => {
  it("answers 429 with Retry-After once a key's bucket is empty, and recovers", async () => {
    const { authorization } = await keyHeaders(appServices().db, ["search"]);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      let refused: Response | undefined;
      for (let i = 0; i < 70 && !refused; i++) {
        const res = await corporaRoute.GET(get("/corpora", { authorization }));
        if (res.status === 429) refused = res;
      }
      expect(refused?.status).toBe(429);
      expect(Number(refused!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      vi.setSystemTime(Date.now() + Number(refused!.headers.get("retry-after")) * 1000);
      expect((await corporaRoute.GET(get("/corpora", { authorization }))).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });

  it("refuses a body over COGNATE_MAX_BODY_KB with 413", async () => {
    const res = await searchRoute.POST(post("/search", { query: "x".repeat(5000) }, master));
    expect(res.status).toBe(413);
  });
});

describe("public corpora and the audit log", () => {
  it("lets anonymous callers read only corpora an admin made public", async () => {
    const { corpus } = await (await corporaRoute.POST(post("/corpora", { name: "shared" }, master))).json();
    expect((await searchRoute.GET(get(`/search?q=x&corpusId=${corpus.id}`))).status).toBe(401);
    expect((await searchRoute.GET(get("/search?q=x"))).status).toBe(401);
    expect(
      (await corpusRoute.PATCH(post(`/corpora/${corpus.id}`, { public: "yes" }, master, "PATCH"), params(corpus.id)))
        .status,
    ).toBe(400);
    expect(
      (await corpusRoute.PATCH(post(`/corpora/${corpus.id}`, { public: true }, master, "PATCH"), params(corpus.id)))
        .status,
    ).toBe(200);
    expect((await searchRoute.GET(get(`/search?q=x&corpusId=${corpus.id}`))).status).toBe(200);
    const visible = (await (await corporaRoute.GET(get("/corpora"))).json()).corpora.map(
      (c: { name: string }) => c.name,
    );
    expect(visible).toEqual(["shared"]);
    expect((await corporaRoute.POST(post("/corpora", { name: "anon" }, origin))).status).toBe(401);
  });

  it("records admin actions with who, what and when, and never a secret", async () => {
    const { entries } = await (await auditRoute.GET(get("/audit", master))).json();
    const actions = entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "POST /api/v1/keys",
        "DELETE /api/v1/keys/{id}",
        "PATCH /api/v1/corpora/{id}",
        "POST /api/v1/users",
        "login",
        "login failed",
      ]),
    );
    expect(entries.find((e: { action: string }) => e.action === "POST /api/v1/users")).toMatchObject({
      actor: "master key",
      detail: "created user ann@example.org",
    });
    expect(entries.every((e: { createdAt: number }) => e.createdAt > 0)).toBe(true);
    const text = JSON.stringify(entries);
    expect(text).not.toMatch(/password-1|root-password|cgk_[0-9a-f]{12}_\w/);
  });
});

describe("the last admin", () => {
  const newAdmin = async (email: string): Promise<number> => {
    const res = await usersRoute.POST(post("/users", { email, password: "admin-password-1", role: "admin" }, master));
    expect(res.status).toBe(201);
    return (await res.json()).user.id;
  };
  const admins = async () =>
    (await rawRows<{ n: number }>(appServices().db, sql`select count(*) as n from users where role = 'admin'`))[0].n;
  const remove = (id: number) =>
    userRoute.DELETE(new Request(`${base}/users/${id}`, { method: "DELETE", headers: master }), params(id));
  const demote = (id: number) => userRoute.PATCH(post(`/users/${id}`, { role: "user" }, master, "PATCH"), params(id));

  it("stays when the last two admins are removed or demoted at the same moment: one request wins, the other gets 409", async () => {
    // Root (from the environment) and one more: two admins.
    const second = await newAdmin("second-admin@example.org");
    expect(Number(await admins())).toBe(2);
    const root = (
      await rawRows<{ id: number }>(appServices().db, sql`select id from users where email = 'root@example.org'`)
    )[0].id;
    const deletes = (await Promise.all([remove(root), remove(second)])).map((r) => r.status).sort();
    expect(deletes).toEqual([204, 409]);
    expect(Number(await admins())).toBe(1);

    const [survivor] = await rawRows<{ id: number }>(appServices().db, sql`select id from users where role = 'admin'`);
    const third = await newAdmin("third-admin@example.org");
    const demotions = (await Promise.all([demote(survivor.id), demote(third)])).map((r) => r.status).sort();
    expect(demotions).toEqual([200, 409]);
    expect(Number(await admins())).toBe(1);
  });
});
