import { describe, expect, it } from "vitest";
import { parseSearchThreadPolicy } from "@/lib/index/search-thread-policy";

describe("COGNATE_SEARCH_THREAD", () => {
  it("reads auto, always and never, defaults to auto, and names the variable when wrong", () => {
    expect(parseSearchThreadPolicy(undefined, "X")).toBe("auto");
    expect(parseSearchThreadPolicy("", "X")).toBe("auto");
    for (const p of ["auto", "always", "never"]) expect(parseSearchThreadPolicy(p, "X")).toBe(p);
    expect(() => parseSearchThreadPolicy("off", "COGNATE_SEARCH_THREAD")).toThrow(
      'COGNATE_SEARCH_THREAD must be one of auto, always, never; got "off"',
    );
  });
});
