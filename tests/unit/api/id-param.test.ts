import { describe, expect, it } from "vitest";
import { idParam } from "@/lib/api/api-error";

describe("idParam", () => {
  it("reads positive decimal ids", () => {
    expect(idParam("7", "corpus")).toBe(7);
    expect(idParam("007", "corpus")).toBe(7);
  });

  it("answers not found for anything else that Number() would read as an id", () => {
    for (const raw of [" 1", "1.0", "0x10", "1e3", "0", "-1", "", "1 ", "9".repeat(16)])
      expect(() => idParam(raw, "corpus"), JSON.stringify(raw)).toThrow(/corpus/);
  });
});
