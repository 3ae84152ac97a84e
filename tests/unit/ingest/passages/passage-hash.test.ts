import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { passageHash } from "@/lib/ingest/passages/passage-hash";

describe("passageHash", () => {
  it("is the sha256 hex of the lower-cased, whitespace-collapsed text", () => {
    expect(passageHash("Hello   World")).toBe(createHash("sha256").update("hello world").digest("hex"));
    expect(passageHash("x")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("is equal under changes of case and whitespace", () => {
    const h = passageHash("The Quick brown fox.");
    expect(passageHash("the quick BROWN fox.")).toBe(h);
    expect(passageHash("  The\tQuick\n\nbrown   fox. ")).toBe(h);
  });

  it("differs when the words differ", () => {
    expect(passageHash("The quick brown fox.")).not.toBe(passageHash("The quick brown fox!"));
    expect(passageHash("ab")).not.toBe(passageHash("a b"));
  });
});
