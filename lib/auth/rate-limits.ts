import type { AuthConfig } from "@/lib/config";
import { AccessError } from "@/lib/auth/access-error";
import { LoginThrottle } from "@/lib/auth/login-throttle";
import { RateLimiter } from "@/lib/auth/rate-limiter";

interface Limiters {
  ip: RateLimiter;
  /** Server-rendered pages and server actions per address (app/_auth/page-guard.ts). */
  page: RateLimiter;
  key: RateLimiter;
  /** Attempts per address on the setup form (a token bucket: it has no failures to count). */
  login: RateLimiter;
  /** Failed logins per address and per account (the login route). */
  loginFailures: LoginThrottle;
}

let limiters: Limiters | undefined;

/** The process's limiters, made from the configuration on first use. */
export function rateLimiters(auth: AuthConfig): Limiters {
  limiters ??= {
    ip: new RateLimiter(auth.ratePerIp),
    page: new RateLimiter(auth.ratePerPage),
    key: new RateLimiter(auth.ratePerKey),
    login: new RateLimiter(auth.rateLogin),
    loginFailures: new LoginThrottle(auth.rateLogin),
  };
  return limiters;
}

/** Takes a token from `limiter` for `id`, or throws 429 with Retry-After. */
export function takeOrThrow(limiter: RateLimiter, id: string, what: string): void {
  const r = limiter.take(id);
  if (!r.ok)
    throw new AccessError(429, `too many requests ${what}; try again in ${r.retryAfterS} s`, {
      "Retry-After": String(r.retryAfterS),
    });
}

/** The digest a page's rate-limit error carries to the error page (with the seconds to wait after the colon). */
export const PAGE_RATE_LIMITED = "COGNATE_RATE_LIMITED";

/**
 * An error for a page rendered past its address's budget. Server errors reach the browser with
 * their digest only, so the digest says what happened and how long to wait.
 */
export function pageRateLimitError(retryAfterS: number): Error & { digest: string } {
  return Object.assign(new Error(`too many pages from this address; try again in ${retryAfterS} s`), {
    digest: `${PAGE_RATE_LIMITED}:${retryAfterS}`,
  });
}
