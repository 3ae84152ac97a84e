import Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rawRows } from "@/lib/db/client";
import { getJob, insertJob, leaseNextJob } from "@/lib/db/queries/jobs";
import type { HandlerRegistry, JobContext } from "@/lib/jobs/job-handler";
import { runLeasedJob } from "@/lib/jobs/job-runner";
import { runWorkerLoop } from "@/lib/jobs/worker-loop";
import { tempDatabase } from "@/tests/helpers/temp-db";

let t: ReturnType<typeof tempDatabase>;
let locker: Database.Database;
beforeEach(async () => {
  t = tempDatabase();
  // The worker's connection gives up on a locked database after 50 ms instead of 10 s.
  await rawRows(t.db, sql`pragma busy_timeout = 50`);
  locker = new Database(t.dbPath);
});
afterEach(async () => {
  if (locker.inTransaction) locker.exec("ROLLBACK");
  locker.close();
  await t.cleanup();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Another process holding the write lock (a large cascading DELETE in the web server, say). */
function holdWriteLock(ms: number): Promise<void> {
  locker.exec("BEGIN IMMEDIATE");
  return sleep(ms).then(() => {
    locker.exec("COMMIT");
  });
}

/** A job that checks for a stop every 20 ms for `ms`. */
function slowHandlers(ms: number, seen: { stoppedBy?: string }): HandlerRegistry {
  return {
    test: {
      parsePayload: (raw) => raw,
      async run(ctx: JobContext<unknown>) {
        const until = Date.now() + ms;
        while (Date.now() < until) {
          await sleep(20);
          try {
            ctx.throwIfStopped();
          } catch (err) {
            seen.stoppedBy = (err as Error).message;
            throw err;
          }
        }
      },
    },
  };
}

describe("heartbeat failures", () => {
  it("are logged and retried at the next tick while the lease holds; the job goes on to succeed", async () => {
    const job = await insertJob(t.db, { type: "test", payload: {}, title: "t" });
    const leased = (await leaseNextJob(t.db, "w", 3000, ["test"]))!;
    const lines: string[] = [];
    const seen: { stoppedBy?: string } = {};
    // Beats every 1 s; the lock makes the first two fail, well within the 3 s lease.
    const locked = sleep(500).then(() => holdWriteLock(1800));
    const status = await runLeasedJob(t.db, leased, slowHandlers(3500, seen), {
      owner: "w",
      leaseMs: 3000,
      log: (l) => lines.push(l),
    });
    await locked;
    expect(status).toBe("succeeded");
    expect(seen.stoppedBy).toBeUndefined();
    expect(await getJob(t.db, job.id)).toMatchObject({ status: "succeeded", attempts: 1 });
    const failures = lines.filter((l) =>
      l.startsWith(`job ${job.id}: heartbeat failed (database is locked); trying again in 1 s`),
    );
    expect(failures.length).toBeGreaterThanOrEqual(1);
  });

  it("that last until the lease runs out stop the job cooperatively; the next worker takes it up", async () => {
    const job = await insertJob(t.db, { type: "test", payload: {}, title: "t" });
    const leased = (await leaseNextJob(t.db, "w", 600, ["test"]))!;
    const lines: string[] = [];
    const seen: { stoppedBy?: string } = {};
    const locked = holdWriteLock(1500);
    const status = await runLeasedJob(t.db, leased, slowHandlers(10_000, seen), {
      owner: "w",
      leaseMs: 600,
      log: (l) => lines.push(l),
    });
    expect(status).toBe("running");
    expect(seen.stoppedBy).toBe("job stopped: lost");
    expect(lines.some((l) => l.includes("heartbeat failed (database is locked) until its lease ran out"))).toBe(true);
    await locked;
    expect(await leaseNextJob(t.db, "w2", 600, ["test"])).toMatchObject({ id: job.id, attempts: 2, leaseOwner: "w2" });
  });

  it("a job another worker took over stops cooperatively and leaves that worker's lease alone", async () => {
    const job = await insertJob(t.db, { type: "test", payload: {}, title: "t" });
    const leased = (await leaseNextJob(t.db, "w", 300, ["test"]))!;
    const seen: { stoppedBy?: string } = {};
    // The other worker's own connection.
    setTimeout(
      () =>
        locker
          .prepare("update jobs set lease_owner = 'w2', lease_expires_at = ? where id = ?")
          .run(Date.now() + 60_000, job.id),
      50,
    );
    expect(await runLeasedJob(t.db, leased, slowHandlers(10_000, seen), { owner: "w", leaseMs: 300 })).toBe("running");
    expect(seen.stoppedBy).toBe("job stopped: lost");
    expect(await getJob(t.db, job.id)).toMatchObject({ status: "running", leaseOwner: "w2" });
  });

  it("a locked database does not end the worker loop: it logs, waits and takes the job once the lock is gone", async () => {
    const job = await insertJob(t.db, { type: "test", payload: {}, title: "t" });
    const lines: string[] = [];
    const locked = holdWriteLock(400);
    await runWorkerLoop(t.db, {
      handlers: slowHandlers(0, {}),
      leaseMs: 1000,
      pollMs: 50,
      signal: new AbortController().signal,
      untilIdle: true,
      log: (l) => lines.push(l),
    });
    await locked;
    expect((await getJob(t.db, job.id))!.status).toBe("succeeded");
    expect(lines).toContain("queue error (database is locked); trying again in 50 ms");
  });
});
