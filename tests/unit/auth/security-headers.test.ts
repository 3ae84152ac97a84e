import { describe, expect, it } from "vitest";
import { securityHeaders } from "@/lib/web/security-headers";

describe("securityHeaders", () => {
  it("forbids framing, sniffing and foreign sources; eval only where asked", () => {
    const h = Object.fromEntries(securityHeaders({ dev: false }).map((x) => [x.key, x.value]));
    expect(h["Content-Security-Policy"]).toMatch(/frame-ancestors 'none'/);
    expect(h["Content-Security-Policy"]).toMatch(/object-src 'none'/);
    expect(h["Content-Security-Policy"]).not.toMatch(/unsafe-eval/);
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
    expect(h["Referrer-Policy"]).toBe("same-origin");
    expect(securityHeaders({ dev: false, allowEval: true })[0].value).toMatch(/'unsafe-eval'/);
  });
});
