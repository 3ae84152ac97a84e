/**
 * In-memory token buckets: `perMinute` requests a minute on average, with bursts up to that
 * many. State lives in this process only: with several web replicas each counts on its own.
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
  take(key: string): { ok: true } | { ok: false; retryAfterS: number } {
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
