import path from "node:path";
import { describe, expect, it } from "vitest";
import { insideFolder, UnsafePathError } from "@/lib/model/store/safe-path";

describe("insideFolder", () => {
  it("keeps names inside their folder", () => {
    expect(insideFolder("/data/models", "hub", "owner--name")).toBe(path.resolve("/data/models/hub/owner--name"));
    for (const bad of ["..", "../etc", "a/../../b", "/etc/passwd", "x\0y", ""])
      expect(() => insideFolder("/data/models", bad), bad).toThrow(UnsafePathError);
  });
});
