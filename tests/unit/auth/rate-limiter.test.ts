import { describe, expect, it } from "vitest";
import { RateLimiter } from "@/lib/auth/rate-limiter";

describe("RateLimiter", () => {
  it("allows a burst of perMinute, then refuses with a Retry-After, then recovers", () => {
    let t = 0;
    const limiter = new RateLimiter(3, () => t);
    expect([1, 2, 3].map(() => limiter.take("a").ok)).toEqual([true, true, true]);
    const refused = limiter.take("a");
    expect(refused).toEqual({ ok: false, retryAfterS: 20 });
    expect(limiter.take("b").ok).toBe(true);
    t += 20_000;
    expect(limiter.take("a").ok).toBe(true);
    expect(limiter.take("a").ok).toBe(false);
  });
});
