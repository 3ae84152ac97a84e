import type { AuthConfig } from "@/lib/config";
import { AccessError } from "@/lib/auth/access-error";
import { FORGET_AFTER_MS, SharedLoginThrottle } from "@/lib/auth/login-throttle";
import { SharedRateLimiter } from "@/lib/auth/rate-limiter";
import { openRateLimitStore, rateLimitStoreKind, warn, type RateLimitStore } from "@/lib/auth/rate-limit-store";

export interface Limiters {
  ip: SharedRateLimiter;
  /** Server-rendered pages and server actions per address (app/_auth/page-guard.ts). */
  page: SharedRateLimiter;
  key: SharedRateLimiter;
  /** Attempts per address on the setup form (a request limit: it has no failures to count). */
  login: SharedRateLimiter;
  /** Failed logins per address and per account (the login route). */
  loginFailures: SharedLoginThrottle;
}

/**
 * A set of limiters counting in `store` (from {@link openRateLimitStore}), or in this process's
 * memory without one (token buckets, as before there were stores). In a store each limit counts in
 * one-minute windows (rate-limiter-flexible's fixed windows): the same number a minute, and a
 * refusal's Retry-After is the rest of the window. A web process has one set ({@link rateLimiters}); tests make several on one
 * store to stand for several replicas.
 */
export function createLimiters(auth: AuthConfig, store?: RateLimitStore): Limiters {
  const onStoreError = (err: unknown) => warn(store?.kind === "redis" ? "Redis" : "PostgreSQL", err);
  const limit = (name: string, perMinute: number) =>
    new SharedRateLimiter(perMinute, store?.limit(name, perMinute, 60), onStoreError);
  return {
    ip: limit("ip", auth.ratePerIp),
    page: limit("page", auth.ratePerPage),
    key: limit("key", auth.ratePerKey),
    login: limit("login", auth.rateLogin),
    loginFailures: new SharedLoginThrottle(
      auth.rateLogin,
      store && {
        addresses: store.failures("login-address", FORGET_AFTER_MS / 1000),
        accounts: store.failures("login-account", FORGET_AFTER_MS / 1000),
      },
      onStoreError,
    ),
  };
}

let limiters: Limiters | undefined;

/**
 * The process's limiters, made from the configuration on first use: one set per process, which
 * the lean API path and Next.js's routes share (workers/lean-api.ts loads the same module).
 */
export function rateLimiters(auth: AuthConfig): Limiters {
  limiters ??= createLimiters(
    auth,
    openRateLimitStore(rateLimitStoreKind(auth), { redisUrl: auth.redisUrl, databaseUrl: process.env.DATABASE_URL }),
  );
  return limiters;
}

/** Takes a request from `limiter` for `id`, or throws 429 with Retry-After. */
export async function takeOrThrow(limiter: SharedRateLimiter, id: string, what: string): Promise<void> {
  const r = await limiter.take(id);
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
