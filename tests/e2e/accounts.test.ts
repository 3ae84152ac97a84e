import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "@/tests/e2e/browser";
import { logIn } from "@/tests/e2e/login";

const baseUrl = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("accounts, roles and API keys in the browser", () => {
  it("sends visitors to the login page, with security headers", async () => {
    const res = await fetch(`${baseUrl}/admin`, { redirect: "manual" });
    expect([307, 308]).toContain(res.status);
    expect(res.headers.get("location")).toMatch(/\/login\?next=%2Fadmin/);
    const login = await fetch(`${baseUrl}/login`);
    expect(login.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    expect(login.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await fetch(`${baseUrl}/api/v1/jobs`)).status).toBe(401);
  });

  it("lets an admin create a user and a key; the user cannot reach admin pages", async () => {
    const admin = await browser.newPage();
    await logIn(admin, baseUrl, inject("adminEmail"), inject("adminPassword"), "/admin");
    await admin.getByTestId("account-menu").getByText(inject("adminEmail")).waitFor();

    // A user account, with a field message first for a short password.
    await admin.locator("#new-user-email").fill("reader@e2e.example");
    const password = admin.locator("#new-user-password");
    await password.fill("short");
    await admin.getByRole("button", { name: "Create account" }).click();
    await admin.locator("#new-user-password-error").waitFor();
    await password.fill("reader-password-1");
    await admin.getByRole("button", { name: "Create account" }).click();
    await admin.getByTestId("user-row").filter({ hasText: "reader@e2e.example" }).waitFor();

    // A key with the search scope, shown once, that works as a Bearer token.
    await admin.locator("#key-name").fill("e2e reader key");
    await admin.getByRole("button", { name: "Create key" }).click();
    const secret = (await admin.getByTestId("new-key-secret").textContent())!.trim();
    expect(secret).toMatch(/^cgk_/);
    expect((await fetch(`${baseUrl}/api/v1/corpora`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(
      200,
    );
    expect((await fetch(`${baseUrl}/api/v1/users`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(
      403,
    );

    // Revoked from the page, the key is refused.
    const row = admin.getByTestId("key-row").filter({ hasText: "e2e reader key" });
    admin.once("dialog", (d) => d.accept());
    await row.getByRole("button", { name: /revoke/i }).click();
    await admin
      .getByTestId("key-row")
      .filter({ hasText: "e2e reader key" })
      .and(admin.locator("[data-status=revoked]"))
      .waitFor();
    expect((await fetch(`${baseUrl}/api/v1/corpora`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(
      401,
    );
    await admin.getByTestId("audit-row").first().waitFor();
    await admin.close();

    // The user logs in, searches, and is turned away from admin pages.
    const user = await browser.newPage();
    await logIn(user, baseUrl, "reader@e2e.example", "reader-password-1");
    await user.getByTestId("search-input").waitFor();
    expect(await user.getByRole("link", { name: "Admin" }).count()).toBe(0);
    for (const path of ["/admin", "/jobs"]) {
      await user.goto(`${baseUrl}${path}`);
      await user.waitForURL(/\/login\?/);
      await user.getByTestId("needs-admin").waitFor();
    }
    const apiAsUser = await user.evaluate(async () => (await fetch("/api/v1/users")).status);
    expect(apiAsUser).toBe(403);
    await user.close();
  });

  it("refuses wrong passwords with a message where the user looks", async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel("Email").fill(inject("adminEmail"));
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Log in" }).click();
    expect(await page.getByTestId("auth-error").textContent()).toMatch(/wrong email or password/);
    await page.close();
  });
});
