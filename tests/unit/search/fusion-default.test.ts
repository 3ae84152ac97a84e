import { describe, expect, it } from "vitest";
import { storedFusion } from "@/lib/eval/held-out-report";
import { resolveFusion } from "@/lib/search/fusion-default";
import type { SearchRequest } from "@/lib/search/search-types";

const ask = (extra: Partial<SearchRequest> = {}): SearchRequest => ({ query: "q", mode: "hybrid", k: 10, ...extra });
const metrics = (fusion: unknown) => ({
  heldout: { split: { queries: 1, documents: 1, stsPairs: 0 }, trained: {}, baselines: {}, evaluatedAt: 0, fusion },
});

describe("the fusion a hybrid search runs with", () => {
  it("is the learnt one when the request names none", () => {
    expect(resolveFusion(ask(), { method: "weighted", alpha: 0.7 })).toEqual({
      request: ask({ fusion: "weighted", alpha: 0.7 }),
      used: { method: "weighted", alpha: 0.7, source: "learnt" },
    });
    expect(resolveFusion(ask(), { method: "rrf", k: 20 }).request).toMatchObject({ fusion: "rrf", rrfK: 20 });
    expect(resolveFusion(ask(), undefined).used).toEqual({ method: "rrf", k: 60, source: "default" });
  });

  it("is what the request asks for, the missing parameter learnt when the method matches", () => {
    expect(resolveFusion(ask({ fusion: "weighted", alpha: 0.2 }), { method: "weighted", alpha: 0.7 }).used).toEqual({
      method: "weighted",
      alpha: 0.2,
      source: "request",
    });
    expect(resolveFusion(ask({ fusion: "weighted" }), { method: "weighted", alpha: 0.7 }).request.alpha).toBe(0.7);
    expect(resolveFusion(ask({ fusion: "weighted" }), { method: "rrf", k: 20 }).request.alpha).toBe(0.5);
    expect(resolveFusion(ask({ fusion: "rrf" }), { method: "weighted", alpha: 0.7 }).used).toEqual({
      method: "rrf",
      k: 60,
      source: "request",
    });
  });

  it("reads only a well-formed stored fusion", () => {
    expect(storedFusion(metrics({ method: "weighted", alpha: 0.3 }))).toEqual({ method: "weighted", alpha: 0.3 });
    expect(storedFusion(metrics({ method: "weighted", alpha: 3 }))).toBeUndefined();
    expect(storedFusion(metrics({ method: "rrf", k: 10 }))).toEqual({ method: "rrf", k: 10 });
    expect(storedFusion({})).toBeUndefined();
  });
});
