/** A limiter's answer: go ahead, or wait `retryAfterS` seconds (the 429's `Retry-After`). */
export type TakeVerdict = { ok: true } | { ok: false; retryAfterS: number };

/**
 * In-memory token buckets: `perMinute` requests a minute on average, with bursts up to that
 * many. State lives in this process only: with several web replicas each counts on its own
 * ({@link SharedRateLimiter} counts in a store that every replica sees).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly refillPerMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.refillPerMs = perMinute / 60_000;
  }

  /** Takes one token for `key`: `{ ok: true }`, or `{ ok: false, retryAfterS }` when the bucket is empty. */
  take(key: string): TakeVerdict {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: t };
    b.tokens = Math.min(this.perMinute, b.tokens + (t - b.at) * this.refillPerMs);
    b.at = t;
    this.buckets.set(key, b);
    if (this.buckets.size > 50_000) this.prune(t);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterS: Math.max(1, Math.ceil((1 - b.tokens) / this.refillPerMs / 1000)) };
  }

  /** Forgets buckets that have refilled completely (they hold no information). */
  private prune(t: number): void {
    for (const [key, b] of this.buckets)
      if (b.tokens + (t - b.at) * this.refillPerMs >= this.perMinute) this.buckets.delete(key);
  }
}

/**
 * One limit counted in a store that every web replica shares (Redis or PostgreSQL, through
 * rate-limiter-flexible: lib/auth/rate-limit-store.ts). `take` resolves with the store's verdict
 * and rejects only when the store could not answer.
 */
export interface StoreLimit {
  take(key: string): Promise<TakeVerdict>;
}

/**
 * A request limit of `perMinute` for each key. With a store, the count is the store's, shared by
 * every replica; without one (embedded SQLite, one process) it is this process's token bucket,
 * as before. When the store cannot answer (down, unreachable, too slow), the request is counted in
 * this process's token bucket instead and `onStoreError` hears of it: the limit then holds per
 * replica, as it did before replicas shared one, rather than not at all (failing open would let a
 * flood through exactly when Redis or PostgreSQL is struggling) and rather than refusing every
 * request (failing closed would turn a store outage into an outage of the whole API).
 */
export class SharedRateLimiter {
  private readonly local: RateLimiter;

  constructor(
    perMinute: number,
    private readonly store?: StoreLimit,
    private readonly onStoreError: (err: unknown) => void = () => {},
  ) {
    this.local = new RateLimiter(perMinute);
  }

  /** Takes one request for `key`: `{ ok: true }`, or `{ ok: false, retryAfterS }` past the limit. */
  async take(key: string): Promise<TakeVerdict> {
    if (this.store) {
      try {
        return await this.store.take(key);
      } catch (err) {
        this.onStoreError(err);
      }
    }
    return this.local.take(key);
  }
}
