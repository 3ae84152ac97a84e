import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-login-"));
process.env.COGNATE_DATA_DIR = dataDir;
process.env.COGNATE_SAMPLE = "0";
process.env.COGNATE_RATE_LIMIT_IP = "100000";
process.env.COGNATE_RATE_LIMIT_LOGIN = "5";
process.env.COGNATE_TRUSTED_PROXIES = "127.0.0.1";
process.env.COGNATE_ADMIN_EMAIL = "root@example.org";
process.env.COGNATE_ADMIN_PASSWORD = "root-password-123";

const loginRoute = await import("@/app/api/v1/auth/login/route");

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/**
 * A login as the web server sees it: `forwardedFor` is the X-Forwarded-For header after the
 * preload appended the peer, so its last entry is the socket address.
 */
function login(forwardedFor: string, password: string, email = "root@example.org") {
  return loginRoute.POST(
    new Request("http://localhost/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost", "x-forwarded-for": forwardedFor },
      body: JSON.stringify({ email, password }),
    }),
  );
}

describe("login throttling", () => {
  it("wrong passwords sent by others never lock the admin out", async () => {
    // Before, 10 wrong passwords from anywhere used up the account's bucket for a minute.
    for (let i = 0; i < 30; i++) expect((await login(`198.51.100.${i}`, "guess " + i)).status).toBe(401);
    expect((await login("203.0.113.5", "root-password-123")).status).toBe(200);
  });

  it("an address that keeps failing waits, even with the right password, and forging X-Forwarded-For does not help", async () => {
    for (let i = 0; i < 5; i++) expect((await login("6.6.6.6", "guess " + i, `user${i}@example.org`)).status).toBe(401);
    const refused = await login("6.6.6.6", "root-password-123");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(JSON.stringify(await refused.json())).toMatch(/too many failed logins from this address; try again in 1 s/);
    // The client wrote 1.2.3.4 itself; the server saw 6.6.6.6 (no trusted proxy in between).
    expect((await login("1.2.3.4, 6.6.6.6", "guess")).status).toBe(429);
    // Behind the trusted proxy 127.0.0.1, the address it appended is the client.
    expect((await login("1.2.3.4, 6.6.6.6, 127.0.0.1", "guess")).status).toBe(429);
    expect((await login("6.6.6.6, 203.0.113.77, 127.0.0.1", "root-password-123")).status).toBe(200);
  });

  it("while the account is under attack, addresses that guessed it wait and a clean one gets in", async () => {
    for (let i = 0; i < 6; i++) await login(`192.0.2.${i}`, "guess");
    for (let i = 0; i < 3; i++) expect((await login("192.0.2.200", "guess")).status).toBe(401);
    const refused = await login("192.0.2.200", "root-password-123");
    expect(refused.status).toBe(429);
    expect(JSON.stringify(await refused.json())).toMatch(/too many failed logins for this account from this address/);
    expect((await login("203.0.113.9", "root-password-123")).status).toBe(200);
  });
});
