import { describe, expect, it } from "vitest";
import { readConfig } from "@/lib/config";
import { parseEmbedPrecision } from "@/lib/model/embed/embed-precision";
import { embeddingAgreement, meetsBounds } from "@/lib/model/embed/embedding-agreement";

const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;

describe("precision setting", () => {
  it("reads auto, fp32 and int8 in any case, and auto when unset", () => {
    expect(parseEmbedPrecision(undefined, "--precision")).toBe("auto");
    expect(parseEmbedPrecision(" ", "--precision")).toBe("auto");
    expect(parseEmbedPrecision("INT8", "--precision")).toBe("int8");
    expect(readConfig(env({ COGNATE_EMBED_PRECISION: "fp32" })).embedPrecision).toBe("fp32");
    expect(readConfig(env({})).embedPrecision).toBe("auto");
  });

  it("names the setting and the accepted values when a value is wrong", () => {
    expect(() => readConfig(env({ COGNATE_EMBED_PRECISION: "fp16" }))).toThrow(
      "COGNATE_EMBED_PRECISION=fp16 is not one of auto, fp32, int8; leave it out for auto",
    );
  });
});

describe("embeddingAgreement", () => {
  it("gives per-row cosines: 1 for equal rows, 0 for orthogonal ones, scale ignored", () => {
    const a = Float32Array.from([1, 0, 0, 1, 3, 4]);
    const b = Float32Array.from([2, 0, 1, 0, 6, 8]);
    expect(embeddingAgreement(a, b, 2)).toEqual({ meanCosine: 2 / 3, minCosine: 0 });
    expect(() => embeddingAgreement(a, b.subarray(2), 2)).toThrow(/cannot compare/);
  });

  it("meets bounds only when both the mean and the worst row do", () => {
    const bounds = { meanCosine: 0.99, minCosine: 0.98 };
    expect(meetsBounds({ meanCosine: 0.995, minCosine: 0.985 }, bounds).ok).toBe(true);
    expect(meetsBounds({ meanCosine: 0.995, minCosine: 0.97 }, bounds)).toEqual({
      ok: false,
      reason: "mean cosine 0.9950, min 0.9700 is below the bounds (mean ≥ 0.99, min ≥ 0.98)",
    });
    expect(meetsBounds({ meanCosine: 0.98, minCosine: 0.985 }, bounds).ok).toBe(false);
  });
});
