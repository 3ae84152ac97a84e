import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-setup-token-"));
process.env.COGNATE_DATA_DIR = dataDir;
process.env.COGNATE_SAMPLE = "0";
delete process.env.COGNATE_ADMIN_EMAIL;
delete process.env.COGNATE_ADMIN_PASSWORD;
delete process.env.COGNATE_MASTER_KEY;

const setupRoute = await import("@/app/api/v1/auth/setup/route");
const { isDirectLoopback, SETUP_TOKEN_FILE } = await import("@/lib/auth/setup-token");

const setup = (body: unknown, forwardedFor?: string) =>
  setupRoute.POST(
    new Request("http://localhost/api/v1/auth/setup", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: "http://localhost",
        ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}),
      },
      body: JSON.stringify(body),
    }),
  );
const admin = { email: "first@example.org", password: "first admin password" };

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("isDirectLoopback", () => {
  it("believes one loopback peer only", () => {
    for (const ok of [null, "127.0.0.1", "::1", "::ffff:127.0.0.1"])
      expect(isDirectLoopback(ok), String(ok)).toBe(true);
    // A proxy on the same host adds the visitor first; a client can put anything left of the peer.
    for (const bad of ["203.0.113.5", "127.0.0.1, 203.0.113.5", "203.0.113.5, 127.0.0.1", "10.0.0.2"])
      expect(isDirectLoopback(bad), bad).toBe(false);
  });
});

describe("first-start setup from another machine", () => {
  it("needs the setup token from the server log, and the token ends with setup", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const remote = "198.51.100.7";
    const without = await setup(admin, remote);
    expect(without.status).toBe(403);
    expect((await without.json()).error.message).toMatch(/setup token printed in the server log/);
    const file = path.join(dataDir, SETUP_TOKEN_FILE);
    const token = fs.readFileSync(file, "utf8").trim();
    expect(token.length).toBeGreaterThanOrEqual(20);
    expect(log.mock.calls.flat().join("\n")).toContain(token);
    expect(fs.statSync(file).mode & 0o077).toBe(0);

    expect((await setup({ ...admin, setupToken: "not-the-token" }, remote)).status).toBe(403);
    expect((await setup({ ...admin, setupToken: token }, remote)).status).toBe(201);
    expect(fs.existsSync(file)).toBe(false);
    expect((await setup({ ...admin, email: "second@example.org", setupToken: token }, remote)).status).toBe(409);
    log.mockRestore();
  });
});

describe("OpenAPI", () => {
  it("documents setupToken and the 403 of setup", async () => {
    const { GET } = await import("@/app/api/v1/openapi.json/route");
    const doc = await (await GET(new Request("http://localhost/api/v1/openapi.json"))).json();
    const setupOp = doc.paths["/api/v1/auth/setup"].post;
    expect(JSON.stringify(setupOp.requestBody)).toContain("setupToken");
    expect(setupOp.responses["403"]).toBeDefined();
  });
});
