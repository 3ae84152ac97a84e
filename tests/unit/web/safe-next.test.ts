import { describe, expect, it } from "vitest";
import { safeNextPath } from "@/lib/web/safe-next";

describe("safeNextPath", () => {
  it("keeps paths on this site", () => {
    for (const ok of ["/", "/admin", "/corpora/3?tab=jobs", "/search?q=a%20b#r2"]) expect(safeNextPath(ok)).toBe(ok);
  });

  it("refuses anything a browser would take to another host", () => {
    // `next=/%09/evil.com` arrives decoded as "/\t/evil.com"; browsers strip the tab.
    for (const bad of [
      "/\t/evil.com",
      "/\n/evil.com",
      "/\r/evil.com",
      "//evil.com",
      "/\\evil.com",
      "/\\/evil.com",
      "https://evil.com",
      "evil.com",
      "",
      " /evil",
      "/\u0000/evil.com",
      "/\u007f/evil.com",
    ]) {
      expect(safeNextPath(bad), JSON.stringify(bad)).toBe("/");
    }
  });
});
