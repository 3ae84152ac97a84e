import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";

/** Server-rendered pages (the search page runs a search) are rate-limited per address like the API. */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-page-limit-"));
process.env.COGNATE_DATA_DIR = dataDir;
process.env.COGNATE_SAMPLE = "0";
process.env.COGNATE_RATE_LIMIT_PAGES = "3";

let forwardedFor = "198.51.100.20";
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": forwardedFor }),
  cookies: async () => ({ get: () => undefined }),
}));
vi.mock("next/navigation", () => ({
  redirect: (to: string) => Promise.reject(new Error(`redirect ${to}`)),
  notFound: () => Promise.reject(new Error("not found")),
}));

const { pageAccess } = await import("@/app/_auth/page-guard");
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("page rate limit", () => {
  it("refuses a page past COGNATE_RATE_LIMIT_PAGES per address, with the wait in the digest", async () => {
    for (let i = 0; i < 3; i++) expect((await pageAccess()).isLoggedIn).toBe(false);
    const err = await pageAccess().then(
      () => undefined,
      (e: Error & { digest?: string }) => e,
    );
    expect(err?.digest).toMatch(/^COGNATE_RATE_LIMITED:\d+$/);
    // Another address still gets its pages.
    forwardedFor = "198.51.100.21";
    expect((await pageAccess()).isLoggedIn).toBe(false);
  });
});
