import type { Page } from "playwright-core";

/** Logs `page` in through the login form and waits until it lands on `next`. */
export async function logIn(page: Page, baseUrl: string, email: string, password: string, next = "/"): Promise<void> {
  await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL((url) => url.pathname === next);
}
