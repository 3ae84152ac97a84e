import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { readConfig } from "@/lib/config";
import { closeDatabase, openDatabase } from "@/lib/db/client";
import { databaseDialect } from "@/lib/db/dialect";
import { countUsers } from "@/lib/db/queries/users";
import { openRateLimitStore, type RateLimitStore, type RateLimitStoreKind } from "@/lib/auth/rate-limit-store";
import { createLimiters } from "@/lib/auth/rate-limits";

// Several web replicas behind a load balancer share one budget: two limiter sets made apart, as
// two processes make theirs, count in one Redis or one PostgreSQL database. Real services, no mocks.

const REDIS_URL = "redis://127.0.0.1:6379";
const prefix = `cognate-test-${process.pid}-${randomBytes(4).toString("hex")}`;
const auth = readConfig({ NODE_ENV: "test", COGNATE_RATE_LIMIT_IP: "5", COGNATE_RATE_LIMIT_LOGIN: "4" }).auth;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether Redis answers PING at `url` within a second. */
async function redisAnswers(url: string): Promise<boolean> {
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on("error", () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

const redisUp = await redisAnswers(REDIS_URL);
const onPostgres = databaseDialect() === "postgres";
if (!redisUp) console.warn(`[shared-rate-limits] Redis is not reachable at ${REDIS_URL}: its tests are skipped`);
if (!onPostgres) console.warn("[shared-rate-limits] the PostgreSQL store's tests run under npm run test:pg");

const stores: { kind: Exclude<RateLimitStoreKind, "memory">; run: boolean; open: () => RateLimitStore }[] = [
  { kind: "redis", run: redisUp, open: () => openRateLimitStore("redis", { redisUrl: REDIS_URL, prefix })! },
  {
    kind: "postgres",
    run: onPostgres,
    open: () => openRateLimitStore("postgres", { databaseUrl: process.env.DATABASE_URL, prefix })!,
  },
];

describe.each(stores)("rate limits in $kind", ({ kind, run, open }) => {
  const opened: RateLimitStore[] = [];
  /** One replica's limiters, on a store connection of its own. */
  const replica = () => {
    const store = open();
    opened.push(store);
    return createLimiters(auth, store);
  };

  beforeAll(async () => {
    if (!run || kind !== "postgres") return;
    // This file's database (tests/helpers/postgres-test.ts) is made and migrated by its first use.
    const db = openDatabase("unused");
    await countUsers(db);
    await closeDatabase(db);
  });

  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    if (run && kind === "redis") {
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
  });

  it.runIf(run)("two replicas share one request budget per address, and refuse with the wait", async () => {
    const [a, b] = [replica(), replica()];
    const verdicts = [];
    for (let i = 0; i < 8; i++) verdicts.push(await (i % 2 ? b : a).ip.take("203.0.113.7"));
    // COGNATE_RATE_LIMIT_IP=5 in all, not 5 on each replica.
    expect(verdicts.slice(0, 5)).toEqual(Array(5).fill({ ok: true }));
    for (const v of verdicts.slice(5)) {
      expect(v.ok).toBe(false);
      if (!v.ok) expect(v.retryAfterS).toBeGreaterThanOrEqual(1);
      if (!v.ok) expect(v.retryAfterS).toBeLessThanOrEqual(60);
    }
    // Another address, and the same address on another limit, have budgets of their own.
    expect(await b.ip.take("198.51.100.8")).toEqual({ ok: true });
    expect(await b.key.take("203.0.113.7")).toEqual({ ok: true });
  });

  it.runIf(run)("gives a budget back when its window ends", async () => {
    const stores = [open(), open()];
    opened.push(...stores);
    const [a, b] = stores.map((s) => s.limit("short", 2, 1));
    expect(await a.take("k")).toEqual({ ok: true });
    expect(await b.take("k")).toEqual({ ok: true });
    expect(await a.take("k")).toEqual({ ok: false, retryAfterS: 1 });
    await sleep(1100);
    expect(await b.take("k")).toEqual({ ok: true });
  });

  it.runIf(run)("counts failed logins across replicas, with the throttle's rules", async () => {
    const [a, b] = [replica(), replica()];
    // Four free failures (COGNATE_RATE_LIMIT_LOGIN): two on each replica, and the fifth try waits 1 s on either.
    for (const r of [a, b, a, b]) await r.loginFailures.recordFailure("203.0.113.20", "x@example.org");
    expect(await a.loginFailures.check("203.0.113.20", "y@example.org")).toEqual({
      ok: false,
      retryAfterS: 1,
      why: "address",
    });
    expect(await b.loginFailures.check("203.0.113.20", "y@example.org")).toMatchObject({ ok: false, why: "address" });

    // The account under attack: 3 failures from G on one replica and 1 from H on the other make 4;
    // G (3, the hot-account threshold) waits on both replicas, a clean address gets in.
    for (let i = 0; i < 3; i++) await a.loginFailures.recordFailure("192.0.2.71", "root@example.org");
    await b.loginFailures.recordFailure("192.0.2.72", "root@example.org");
    expect(await b.loginFailures.check("192.0.2.71", "root@example.org")).toEqual({
      ok: false,
      retryAfterS: 1,
      why: "account",
    });
    expect(await a.loginFailures.check("192.0.2.71", "root@example.org")).toMatchObject({ ok: false });
    expect(await a.loginFailures.check("192.0.2.99", "root@example.org")).toEqual({ ok: true });
    expect(await a.loginFailures.check("192.0.2.71", "other@example.org")).toEqual({ ok: true });
    // The owner logs in on one replica: the account's count is cleared for every replica.
    await b.loginFailures.recordSuccess("root@example.org");
    expect(await a.loginFailures.check("192.0.2.71", "root@example.org")).toEqual({ ok: true });
  });

  it.runIf(run)("forgets failures a quiet while after the latest, not after the first", async () => {
    const [a, b] = [open(), open()];
    opened.push(a, b);
    const [fa, fb] = [a.failures("quiet", 3), b.failures("quiet", 3)];
    await fa.add("k");
    await sleep(2000);
    await fb.add("k");
    await sleep(2000);
    // 4 s after the first failure, 2 s after the latest: still counted (a window from the first would have ended).
    expect((await fa.get("k"))?.count).toBe(2);
    await sleep(1500);
    expect(await fb.get("k")).toBeUndefined();
    await fa.add("k");
    expect((await fb.get("k"))?.count).toBe(1);
    await fb.delete("k");
    expect(await fa.get("k")).toBeUndefined();
  });
});

describe("rate limits in memory (embedded SQLite, one process)", () => {
  it("count in each process alone: two processes would allow twice the limit", async () => {
    const [a, b] = [createLimiters(auth), createLimiters(auth)];
    for (const r of [a, b]) {
      const verdicts = [];
      for (let i = 0; i < 6; i++) verdicts.push(await r.ip.take("203.0.113.40"));
      expect(verdicts.map((v) => v.ok)).toEqual([true, true, true, true, true, false]);
    }
  });
});

describe("rate limits when the store does not answer", () => {
  // Nothing listens on port 1.
  const unreachable = {
    redis: { redisUrl: "redis://127.0.0.1:1" },
    postgres: { databaseUrl: "postgres://postgres@127.0.0.1:1/none" },
  };

  it.each(["redis", "postgres"] as const)(
    "%s down: each process still limits requests and failed logins in its memory",
    async (kind) => {
      const store = openRateLimitStore(kind, { ...unreachable[kind], prefix })!;
      onTestFinished(() => store.close());
      const limits = createLimiters(auth, store);
      const verdicts = [];
      for (let i = 0; i < 6; i++) verdicts.push(await limits.ip.take("203.0.113.30"));
      expect(verdicts.map((v) => v.ok)).toEqual([true, true, true, true, true, false]);
      for (let i = 0; i < 4; i++) await limits.loginFailures.recordFailure("203.0.113.31", "root@example.org");
      expect(await limits.loginFailures.check("203.0.113.31", "root@example.org")).toMatchObject({
        ok: false,
        why: "address",
      });
      // Logins are not refused for want of a store: another address gets its try.
      expect(await limits.loginFailures.check("203.0.113.32", "root@example.org")).toEqual({ ok: true });
    },
  );
});
