import { describe, expect, it } from "vitest";
import { findRouteRule } from "@/lib/auth/route-access";
import { hasScope, scopesOf } from "@/lib/auth/principal";

describe("findRouteRule", () => {
  it("matches patterns, static segments before parameters", () => {
    expect(findRouteRule("GET", "/api/v1/jobs/events")?.key).toBe("GET /api/v1/jobs/events");
    expect(findRouteRule("GET", "/api/v1/jobs/12")?.key).toBe("GET /api/v1/jobs/{id}");
    expect(findRouteRule("HEAD", "/api/v1/corpora/3/documents")?.key).toBe("GET /api/v1/corpora/{id}/documents");
    expect(findRouteRule("PUT", "/api/v1/corpora/3")).toBeUndefined();
    expect(findRouteRule("GET", "/api/v1/corpora/3/other")).toBeUndefined();
  });
});

describe("scopes", () => {
  it("gives an admin key every scope and a user account no admin scope", () => {
    expect(scopesOf({ kind: "key", keyId: 1, name: "k", prefix: "p", scopes: ["admin"] })).toEqual([
      "search",
      "similarity",
      "embed",
      "admin",
    ]);
    expect(hasScope({ kind: "user", userId: 1, email: "u", role: "user", sessionId: 1 }, "admin")).toBe(false);
    expect(hasScope({ kind: "anonymous" }, "search")).toBe(false);
  });
});
