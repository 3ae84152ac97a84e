import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getJob, insertJob, leaseAbandonedJobs, leaseNextJob, requestCancel } from "@/lib/db/queries/jobs";
import { jobs } from "@/lib/db/schema";
import type { HandlerRegistry } from "@/lib/jobs/job-handler";
import { settleAbandonedJobs } from "@/lib/jobs/job-runner";
import { runWorkerLoop } from "@/lib/jobs/worker-loop";
import { tempDatabase } from "@/tests/helpers/temp-db";
import { waitFor } from "@/tests/helpers/wait-for";

let t: ReturnType<typeof tempDatabase>;
beforeEach(() => (t = tempDatabase()));
afterEach(() => t.cleanup());

/** What a worker killed with -9 leaves behind: the job still "running" under its name, the lease run out. */
const workerDies = (jobId: number) => t.db.update(jobs).set({ leaseExpiresAt: 0 }).where(eq(jobs.id, jobId));

function recordingHandlers() {
  const runs: number[] = [];
  const cleanups: string[] = [];
  const handlers: HandlerRegistry = {
    test: {
      parsePayload: (raw) => raw as { n: number },
      async run(ctx) {
        runs.push(ctx.job.id);
      },
      cleanup: async (_db, payload: { n: number }, reason) => {
        cleanups.push(`${payload.n}:${reason}`);
      },
    },
  };
  return { runs, cleanups, handlers };
}

const drain = (handlers: HandlerRegistry, log?: (line: string) => void) =>
  runWorkerLoop(t.db, {
    handlers,
    leaseMs: 1000,
    pollMs: 10,
    signal: new AbortController().signal,
    untilIdle: true,
    log,
  });

describe("jobs whose worker died", () => {
  it("are taken again while attempts remain, then failed with the reason and cleaned up, never run a 4th time", async () => {
    const job = await insertJob(t.db, { type: "test", payload: { n: 7 }, title: "t" });
    expect(job.maxAttempts).toBe(3);
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await leaseNextJob(t.db, `w${attempt}`, 1000, ["test"])).toMatchObject({ id: job.id, attempts: attempt });
      await workerDies(job.id);
    }
    expect(await leaseNextJob(t.db, "w4", 1000, ["test"])).toBeUndefined();

    const { runs, cleanups, handlers } = recordingHandlers();
    const lines: string[] = [];
    await drain(handlers, (line) => lines.push(line));
    const row = (await getJob(t.db, job.id))!;
    expect(row).toMatchObject({
      status: "failed",
      attempts: 3,
      leaseOwner: null,
      leaseExpiresAt: null,
      message: "failed",
    });
    expect(row.error).toBe(
      "its worker died while running it (out of memory, a crash or kill -9) and all 3 attempts are used; see the worker log for the cause, then retry the job",
    );
    expect(row.finishedAt).not.toBeNull();
    expect(runs).toEqual([]);
    expect(cleanups).toEqual(["7:failed"]);
    expect(lines).toContain(`job ${job.id} (test) failed: ${row.error}`);
  });

  it("respects a job's own maxAttempts", async () => {
    const job = await insertJob(t.db, { type: "test", payload: { n: 1 }, title: "t", maxAttempts: 1 });
    await leaseNextJob(t.db, "w1", 1000, ["test"]);
    await workerDies(job.id);
    expect(await leaseNextJob(t.db, "w2", 1000, ["test"])).toBeUndefined();
    const { cleanups, handlers } = recordingHandlers();
    expect(await settleAbandonedJobs(t.db, handlers, { owner: "w2", leaseMs: 1000 })).toBe(1);
    expect(await getJob(t.db, job.id)).toMatchObject({ status: "failed", attempts: 1, leaseOwner: null });
    expect((await getJob(t.db, job.id))!.error).toMatch(/all 1 attempts are used/);
    expect(cleanups).toEqual(["1:failed"]);
  });

  it("are cleaned up before they show as failed, so a failed job never has partial results", async () => {
    const job = await insertJob(t.db, { type: "test", payload: { n: 1 }, title: "t", maxAttempts: 1 });
    await leaseNextJob(t.db, "w1", 1000, ["test"]);
    await workerDies(job.id);
    const seen: string[] = [];
    const handlers: HandlerRegistry = {
      test: {
        parsePayload: (raw) => raw,
        run: async () => {},
        cleanup: async (db) => {
          seen.push((await getJob(db, job.id))!.status);
        },
      },
    };
    await settleAbandonedJobs(t.db, handlers, { owner: "w2", leaseMs: 1000 });
    expect(seen).toEqual(["running"]);
    expect((await getJob(t.db, job.id))!.status).toBe("failed");
  });

  it("are leased to one caller each, and live leases and other types are left alone", async () => {
    const dead = await insertJob(t.db, { type: "test", payload: { n: 1 }, title: "dead", maxAttempts: 1 });
    await leaseNextJob(t.db, "w1", 1000, ["test"], dead.id);
    await workerDies(dead.id);
    const alive = await insertJob(t.db, { type: "test", payload: { n: 2 }, title: "alive", maxAttempts: 1 });
    await leaseNextJob(t.db, "w2", 60_000, ["test"], alive.id);
    const other = await insertJob(t.db, { type: "other", payload: {}, title: "other", maxAttempts: 1 });
    await leaseNextJob(t.db, "w3", 1000, ["other"]);
    await workerDies(other.id);

    expect((await leaseAbandonedJobs(t.db, "w4", 1000, ["test"])).map((j) => [j.id, j.leaseOwner, j.attempts])).toEqual(
      [[dead.id, "w4", 1]],
    );
    expect(await leaseAbandonedJobs(t.db, "w5", 1000, ["test"])).toEqual([]);
    expect(await getJob(t.db, alive.id)).toMatchObject({ status: "running", leaseOwner: "w2" });
    expect(await getJob(t.db, other.id)).toMatchObject({ status: "running", leaseOwner: "w3" });
  });

  it("whose cancel was asked end cancelled (with cleanup) instead of staying 'cancelling…' forever", async () => {
    const job = await insertJob(t.db, { type: "test", payload: { n: 3 }, title: "t" });
    await leaseNextJob(t.db, "w1", 1000, ["test"]);
    await requestCancel(t.db, job.id);
    await workerDies(job.id);
    const { runs, cleanups, handlers } = recordingHandlers();
    await drain(handlers);
    expect(await getJob(t.db, job.id)).toMatchObject({ status: "cancelled", attempts: 1, leaseOwner: null });
    expect(runs).toEqual([]);
    expect(cleanups).toEqual(["3:cancelled"]);
  });

  it("with attempts left are run again by the worker loop", async () => {
    const job = await insertJob(t.db, { type: "test", payload: { n: 4 }, title: "t" });
    await leaseNextJob(t.db, "w1", 1000, ["test"]);
    await workerDies(job.id);
    const { runs, cleanups, handlers } = recordingHandlers();
    // Not drained until idle: on PostgreSQL the job waits out pg-boss's first retry delay (1–2 s).
    const stop = new AbortController();
    const loop = runWorkerLoop(t.db, { handlers, leaseMs: 1000, pollMs: 10, signal: stop.signal });
    await waitFor("the job to run again", async () => (await getJob(t.db, job.id))!.status === "succeeded");
    stop.abort();
    await loop;
    expect(await getJob(t.db, job.id)).toMatchObject({ status: "succeeded", attempts: 2 });
    expect(runs).toEqual([job.id]);
    expect(cleanups).toEqual([]);
  });
});
