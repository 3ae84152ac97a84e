import "server-only";
import { Redis } from "ioredis";
import pg from "pg";
import {
  RateLimiterPostgres,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterStoreAbstract,
} from "rate-limiter-flexible";
import type { AuthConfig } from "@/lib/config";
import { databaseDialect } from "@/lib/db/dialect";
import type { FailureCounts } from "@/lib/auth/login-throttle";
import type { StoreLimit } from "@/lib/auth/rate-limiter";

/**
 * Where the rate limits and the login throttle count, so that several web replicas behind a load
 * balancer hold one budget: in Redis when `REDIS_URL` is set, else in PostgreSQL when
 * `DATABASE_URL` is one, else (embedded SQLite, one process) in this process's memory.
 */
export type RateLimitStoreKind = "memory" | "redis" | "postgres";

export function rateLimitStoreKind(auth: Pick<AuthConfig, "redisUrl">, env = process.env): RateLimitStoreKind {
  if (auth.redisUrl) return "redis";
  return databaseDialect(env) === "postgres" ? "postgres" : "memory";
}

/**
 * Counters that every replica shares, through rate-limiter-flexible's Redis and PostgreSQL stores.
 * Every call rejects when the store cannot answer; the callers (`SharedRateLimiter`,
 * `SharedLoginThrottle`) then count in memory.
 */
export interface RateLimitStore {
  readonly kind: "redis" | "postgres";
  /**
   * `points` requests per key in each window of `durationS` seconds (rate-limiter-flexible's fixed
   * windows: a window starts at a key's first request; past `points`, the wait is the rest of it).
   */
  limit(name: string, points: number, durationS: number): StoreLimit;
  /** Counts forgotten `forgetS` seconds after their latest increment (the login throttle's failures). */
  failures(name: string, forgetS: number): FailureCounts;
  close(): Promise<void>;
}

/** The PostgreSQL table of every counter: rate-limiter-flexible creates it (it is no table of drizzle's schema). */
export const RATE_LIMIT_TABLE = "cognate_rate_limits";

/** How long a store may take to answer before the request is counted in memory instead. */
const STORE_TIMEOUT_MS = 1000;

/** How long the first requests wait for the Redis connection a process opens at start. */
const REDIS_CONNECT_WAIT_MS = 2000;

/**
 * Opens the store for `kind` (`undefined` for memory): Redis at `redisUrl`, or PostgreSQL at
 * `databaseUrl` on a small pool of its own. `prefix` starts every key, so that tests (or several
 * deployments on one Redis) keep apart.
 */
export function openRateLimitStore(
  kind: RateLimitStoreKind,
  options: { redisUrl?: string; databaseUrl?: string; prefix?: string } = {},
): RateLimitStore | undefined {
  const prefix = options.prefix ?? "cognate";
  if (kind === "redis") {
    if (!options.redisUrl) throw new Error("a Redis rate-limit store needs REDIS_URL");
    return redisStore(options.redisUrl, prefix);
  }
  if (kind === "postgres") {
    if (!options.databaseUrl) throw new Error("a PostgreSQL rate-limit store needs DATABASE_URL");
    return postgresStore(options.databaseUrl, prefix);
  }
  return undefined;
}

/** A request limit on a rate-limiter-flexible limiter: its refusal (a RateLimiterRes) becomes a verdict. */
function storeLimit(limiter: () => Promise<RateLimiterStoreAbstract>): StoreLimit {
  return {
    async take(key) {
      try {
        await (await limiter()).consume(key, 1);
        return { ok: true };
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) throw err;
        return { ok: false, retryAfterS: Math.max(1, Math.ceil(err.msBeforeNext / 1000)) };
      }
    },
  };
}

/** Failure counts on a limiter whose increments move the key's expiry to `forgetS` from now. */
function failureCounts(limiter: () => Promise<RateLimiterStoreAbstract>): FailureCounts {
  return {
    async get(key) {
      const res = await (await limiter()).get(key);
      return res && res.consumedPoints > 0 ? { count: res.consumedPoints, msLeft: res.msBeforeNext } : undefined;
    },
    async add(key) {
      await (await limiter()).penalty(key, 1);
    },
    async delete(key) {
      await (await limiter()).delete(key);
    },
  };
}

/**
 * rate-limiter-flexible's Redis increment with the key's expiry moved on every increment, not
 * only set at the first (its default: a fixed window): a count then lives until `forgetS` after
 * its latest failure, as the login throttle's rule says.
 */
const RENEWING_INCR_LUA = `local consumed = redis.call('incrby', KEYS[1], ARGV[1])
redis.call('expire', KEYS[1], ARGV[2])
return {consumed, redis.call('pttl', KEYS[1])}`;

function redisStore(url: string, prefix: string): RateLimitStore {
  // Fail at once rather than queue while disconnected (ioredis reconnects in the background), and
  // give up on a command after STORE_TIMEOUT_MS: a request must not hang on its rate limit.
  const options = { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: STORE_TIMEOUT_MS };
  const client = new Redis(url, options);
  // rate-limiter-flexible defines its increment script as a command of the client, one per client:
  // the renewing script needs a connection of its own.
  const renewing = new Redis(url, options);
  for (const c of [client, renewing]) c.on("error", (err: Error) => warn("Redis", err));
  const ready = (c: Redis) => async () => {
    if (c.status === "ready") return;
    // A process that just started waits for its connection; one that lost it does not wait.
    if (c.status !== "wait" && c.status !== "connecting" && c.status !== "connect")
      throw new Error(`Redis connection is ${c.status}`);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        c.off("ready", onReady);
        reject(new Error(`no Redis connection after ${REDIS_CONNECT_WAIT_MS} ms`));
      }, REDIS_CONNECT_WAIT_MS);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      c.once("ready", onReady);
    });
  };
  const readyClient = ready(client);
  const readyRenewing = ready(renewing);
  return {
    kind: "redis",
    limit(name, points, durationS) {
      const limiter = new RateLimiterRedis({
        storeClient: client,
        keyPrefix: `${prefix}:${name}`,
        points,
        duration: durationS,
        rejectIfRedisNotReady: true,
      });
      return storeLimit(() => readyClient().then(() => limiter));
    },
    failures(name, forgetS) {
      const limiter = new RateLimiterRedis({
        storeClient: renewing,
        keyPrefix: `${prefix}:${name}`,
        points: 1,
        duration: forgetS,
        rejectIfRedisNotReady: true,
        customIncrTtlLuaScript: RENEWING_INCR_LUA,
      });
      return failureCounts(() => readyRenewing().then(() => limiter));
    },
    async close() {
      await Promise.all([
        client.quit().catch(() => client.disconnect()),
        renewing.quit().catch(() => renewing.disconnect()),
      ]);
    },
  };
}

/** What this module uses of RateLimiterPostgres beyond its declared types. */
interface PostgresInternals {
  _getTableIdentifier(): string;
  _query(q: { name: string; text: string; values: unknown[] }): Promise<unknown>;
  _clearExpiredTimeoutId?: NodeJS.Timeout;
}

/**
 * rate-limiter-flexible's PostgreSQL store with the renewing increment of {@link RENEWING_INCR_LUA}:
 * its own upsert keeps a key's expiry until it passes (a fixed window); this one moves the expiry
 * to `duration` from now on every increment, in the same one statement on the library's table.
 * Setting a count (`set`, `block`: `forceExpire`) stays the library's.
 */
class RenewingRateLimiterPostgres extends RateLimiterPostgres {
  _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<unknown> {
    if (forceExpire) {
      const upsert = RateLimiterPostgres.prototype as unknown as {
        _upsert(this: unknown, ...args: unknown[]): Promise<unknown>;
      };
      return upsert._upsert.call(this, key, points, msDuration, forceExpire);
    }
    const self = this as unknown as PostgresInternals;
    const table = self._getTableIdentifier();
    const now = Date.now();
    return self._query({
      name: "rlflx-upsert-renew",
      text: `INSERT INTO ${table} VALUES ($1, $2, $3)
        ON CONFLICT(key) DO UPDATE SET
          points = CASE WHEN ${table}.expire <= $4 THEN $2 ELSE ${table}.points + ($2) END,
          expire = $3
        RETURNING points, expire;`,
      values: [key, points, now + msDuration, now],
    });
  }
}

function postgresStore(url: string, prefix: string): RateLimitStore {
  // A small pool of its own: a limit's one statement must not wait behind the app's queries (nor
  // run inside a transaction of theirs), and a stalled server must not hold a request for long.
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    connectionTimeoutMillis: STORE_TIMEOUT_MS,
    query_timeout: STORE_TIMEOUT_MS,
    allowExitOnIdle: true,
    // A count is not worth a disk flush: without it an upsert takes a fraction of a millisecond
    // instead of a WAL flush's few. A server crash may forget the last counts of that instant.
    options: "-c synchronous_commit=off",
  });
  // An idle connection's error (the server restarted, the database was dropped) must not end the
  // process; the next statement connects again, and says so if it cannot.
  pool.on("error", () => {});
  const base = { storeClient: pool, storeType: "pool", tableName: RATE_LIMIT_TABLE } as const;
  // The library creates its table (if absent) once; it also deletes rows expired an hour ago
  // every 5 minutes. Tried again at the next request when it fails (the server was unreachable,
  // or the database is still being created by the app's first migration).
  let janitor: Promise<RateLimiterPostgres> | undefined;
  const tableReady = (): Promise<unknown> =>
    (janitor ??= new Promise<RateLimiterPostgres>((resolve, reject) => {
      const limiter: RateLimiterPostgres = new RateLimiterPostgres(
        { ...base, keyPrefix: `${prefix}:janitor`, points: 1, duration: 1, clearExpiredByTimeout: true },
        (err?: Error) => (err ? reject(err) : resolve(limiter)),
      );
    }).catch((err: unknown) => {
      janitor = undefined;
      throw err;
    }));
  const made = (make: () => RateLimiterStoreAbstract) => {
    let limiter: RateLimiterStoreAbstract | undefined;
    return async () => {
      await tableReady();
      return (limiter ??= make());
    };
  };
  return {
    kind: "postgres",
    limit(name, points, durationS) {
      return storeLimit(
        made(
          () =>
            new RateLimiterPostgres({
              ...base,
              keyPrefix: `${prefix}:${name}`,
              points,
              duration: durationS,
              tableCreated: true,
              clearExpiredByTimeout: false,
            }),
        ),
      );
    },
    failures(name, forgetS) {
      return failureCounts(
        made(
          () =>
            new RenewingRateLimiterPostgres({
              ...base,
              keyPrefix: `${prefix}:${name}`,
              points: 1,
              duration: forgetS,
              tableCreated: true,
              clearExpiredByTimeout: false,
            }),
        ),
      );
    },
    async close() {
      const limiter = await janitor?.catch(() => undefined);
      clearTimeout((limiter as unknown as PostgresInternals | undefined)?._clearExpiredTimeoutId);
      await pool.end();
    },
  };
}

const lastWarning = new Map<string, number>();

/** Says, at most once a minute per store, that limits count in memory because the store did not answer. */
export function warn(store: string, err: unknown): void {
  const t = Date.now();
  if (t - (lastWarning.get(store) ?? -Infinity) < 60_000) return;
  lastWarning.set(store, t);
  console.warn(
    `[rate-limit] ${store} did not answer (${err instanceof Error ? err.message : String(err)}): rate limits and the login throttle count in this process's memory until it does`,
  );
}
