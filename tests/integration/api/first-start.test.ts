import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-setup-"));
process.env.COGNATE_DATA_DIR = dataDir;
process.env.COGNATE_SAMPLE = "0";
delete process.env.COGNATE_ADMIN_EMAIL;
delete process.env.COGNATE_ADMIN_PASSWORD;
delete process.env.COGNATE_MASTER_KEY;

const setupRoute = await import("@/app/api/v1/auth/setup/route");
const meRoute = await import("@/app/api/v1/auth/me/route");
const corporaRoute = await import("@/app/api/v1/corpora/route");

const setup = (body: unknown) =>
  setupRoute.POST(
    new Request("http://localhost/api/v1/auth/setup", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost" },
      body: JSON.stringify(body),
    }),
  );

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("first start", () => {
  it("creates the first admin once, logged in, and then closes", async () => {
    const short = await setup({ email: "first@example.org", password: "short" });
    expect(short.status).toBe(400);
    expect((await short.json()).error.details[0]).toMatchObject({ path: "password" });
    const res = await setup({ email: "First@Example.org", password: "first admin password" });
    expect(res.status).toBe(201);
    const cookie = res.headers.get("set-cookie")!.split(";")[0];
    const me = await (
      await meRoute.GET(new Request("http://localhost/api/v1/auth/me", { headers: { cookie } }))
    ).json();
    expect(me).toMatchObject({ kind: "user", role: "admin", name: "user:first@example.org" });
    const created = await corporaRoute.POST(
      new Request("http://localhost/api/v1/corpora", {
        method: "POST",
        headers: { cookie, origin: "http://localhost", "content-type": "application/json" },
        body: '{"name":"mine"}',
      }),
    );
    expect(created.status).toBe(201);
    expect((await setup({ email: "second@example.org", password: "second admin password" })).status).toBe(409);
  });
});
