import type { AuthConfig } from "../config";
import { AccessError } from "./access-error";
import { LoginThrottle } from "./login-throttle";
import { RateLimiter } from "./rate-limiter";

interface Limiters {
  ip: RateLimiter;
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
    key: new RateLimiter(auth.ratePerKey),
    login: new RateLimiter(auth.rateLogin),
    loginFailures: new LoginThrottle(auth.rateLogin),
  };
  return limiters;
}

/** Takes a token from `limiter` for `id`, or throws 429 with Retry-After. */
export function takeOrThrow(limiter: RateLimiter, id: string, what: string): void {
  const r = limiter.take(id);
  if (!r.ok) throw new AccessError(429, `too many requests ${what}; try again in ${r.retryAfterS} s`, { "Retry-After": String(r.retryAfterS) });
}
