import { describe, expect, it } from "vitest";
import { csrfProblem } from "@/lib/auth/csrf";

const req = (method: string, headers: Record<string, string>) =>
  new Request("http://cognate.local:3000/api/v1/corpora", { method, headers });

describe("csrfProblem", () => {
  it("lets reads and same-origin changes through", () => {
    expect(csrfProblem(req("GET", {}))).toBeUndefined();
    expect(csrfProblem(req("POST", { origin: "http://cognate.local:3000" }))).toBeUndefined();
    expect(csrfProblem(req("DELETE", { referer: "http://cognate.local:3000/corpora/1" }))).toBeUndefined();
  });

  it("refuses changes without an Origin, from another origin, or marked cross-site", () => {
    expect(csrfProblem(req("POST", {}))).toMatch(/Origin/);
    expect(csrfProblem(req("POST", { origin: "null" }))).toMatch(/Origin/);
    expect(csrfProblem(req("POST", { origin: "http://cognate.local:4000" }))).toMatch(/cross-origin/);
    expect(csrfProblem(req("PATCH", { origin: "http://cognate.local:3000", "sec-fetch-site": "cross-site" }))).toMatch(
      /cross-site/,
    );
  });
});
