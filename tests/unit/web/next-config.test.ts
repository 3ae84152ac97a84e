import { describe, expect, it } from "vitest";
import nextConfig from "@/next.config";

describe("next.config", () => {
  it("caps server-action bodies at what the actions need (short forms), not 64 MB", () => {
    const limit = String(nextConfig.experimental?.serverActions?.bodySizeLimit);
    const m = /^(\d+)kb$/i.exec(limit);
    expect(m, limit).not.toBeNull();
    const bytes = Number(m![1]) * 1024;
    // The largest action input: a 100-character corpus name (4 bytes a character at worst) with the form's fields.
    expect(bytes).toBeGreaterThanOrEqual(8 * 1024);
    expect(bytes).toBeLessThanOrEqual(256 * 1024);
  });
});
