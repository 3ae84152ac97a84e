import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/** The OpenAPI document describes the login's 429 as the throttle behaves, with the configured numbers. */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-openapi-login-"));
process.env.COGNATE_DATA_DIR = dataDir;
process.env.COGNATE_SAMPLE = "0";
process.env.COGNATE_RATE_LIMIT_IP = "1234";
process.env.COGNATE_RATE_LIMIT_LOGIN = "4";
process.env.COGNATE_TRUSTED_PROXIES = "127.0.0.1";
process.env.COGNATE_ADMIN_EMAIL = "owner@example.org";
process.env.COGNATE_ADMIN_PASSWORD = "owner-password-123";

const openapiRoute = await import("@/app/api/v1/openapi.json/route");
const loginRoute = await import("@/app/api/v1/auth/login/route");

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** A login from `address` (the last X-Forwarded-For entry, appended by the trusted proxy 127.0.0.1). */
function login(address: string, password: string) {
  return loginRoute.POST(
    new Request("http://localhost/api/v1/auth/login", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: "http://localhost",
        "x-forwarded-for": `${address}, 127.0.0.1`,
      },
      body: JSON.stringify({ email: "owner@example.org", password }),
    }),
  );
}

describe("OpenAPI: the login's 429", () => {
  it("states the configured limits and what counts, and the route does what it states", async () => {
    const doc = await (await openapiRoute.GET(new Request("http://localhost/api/v1/openapi.json"))).json();
    const throttled = doc.paths["/api/v1/auth/login"].post.responses["429"];
    const text: string = throttled.description;
    expect(text).toContain("Only failed logins count, per client address and per account");
    expect(text).toContain("After 4 failures from one address (COGNATE_RATE_LIMIT_LOGIN)");
    expect(text).toContain("must wait 1 s after its latest failure, then 2 s, 4 s and so on up to 15 min");
    expect(text).toContain("even with the right password");
    expect(text).toContain("slows only the addresses that have 3 or more failures of their own");
    expect(text).toContain("forgotten after 15 quiet minutes");
    expect(text).toContain("(COGNATE_RATE_LIMIT_IP, 1234 requests a minute)");
    expect(throttled.headers["Retry-After"].schema.type).toBe("integer");

    // Four failures from one address: its next try waits 1 s, even with the right password.
    for (let i = 0; i < 4; i++) expect((await login("203.0.113.66", `guess ${i}`)).status).toBe(401);
    const refused = await login("203.0.113.66", "owner-password-123");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect((await refused.json()).error.message).toMatch(/failed logins from this address; try again in 1 s/);
    // The account has its four failures too, yet an address without failures of its own gets in.
    expect((await login("192.0.2.10", "owner-password-123")).status).toBe(200);
    // Successes do not count: more of them than the free failures, and a wrong password is still only wrong.
    for (let i = 0; i < 5; i++) expect((await login("198.51.100.1", "owner-password-123")).status).toBe(200);
    expect((await login("198.51.100.1", "wrong")).status).toBe(401);
  });
});
