import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getJob, insertJob, leaseNextJob, requestCancel } from "@/lib/db/queries/jobs";
import { jobs } from "@/lib/db/schema";
import type { HandlerRegistry, JobHandler } from "@/lib/jobs/job-handler";
import { retryDelayMs, runLeasedJob } from "@/lib/jobs/job-runner";
import { runWorkerLoop } from "@/lib/jobs/worker-loop";
import { tempDatabase } from "@/tests/helpers/temp-db";

type T = ReturnType<typeof tempDatabase>;
let t: T;
beforeEach(() => (t = tempDatabase()));
afterEach(() => t.cleanup());

const payload = (raw: unknown) => raw as { n: number };

function handler(run: JobHandler<{ n: number }>["run"], cleanup?: () => void): HandlerRegistry {
  return { test: { parsePayload: payload, run, cleanup: cleanup && (async () => cleanup()) } };
}

describe("job queue", () => {
  it("leases each job to one worker only, and a lease that ran out to the next", async () => {
    const job = await insertJob(t.db, { type: "test", payload: { n: 1 }, title: "t" });
    const a = await leaseNextJob(t.db, "a", 50, ["test"]);
    expect(a?.id).toBe(job.id);
    expect(await leaseNextJob(t.db, "b", 50, ["test"])).toBeUndefined();
    await t.db.update(jobs).set({ leaseExpiresAt: 0 }).where(eq(jobs.id, job.id));
    const b = await leaseNextJob(t.db, "b", 50, ["test"]);
    expect(b?.leaseOwner).toBe("b");
    expect(b?.attempts).toBe(2);
  });

  it("runs a job to success with progress and a checkpoint", async () => {
    const job = await insertJob(t.db, { type: "test", payload: { n: 3 }, title: "t" });
    const handlers = handler(async (ctx) => {
      for (let i = 0; i < ctx.payload.n; i++) {
        await ctx.commit(async () => ({ next: i + 1 }));
        ctx.progress(i + 1, ctx.payload.n, `step ${i + 1}`);
      }
    });
    await runWorkerLoop(t.db, {
      handlers,
      leaseMs: 1000,
      pollMs: 10,
      signal: new AbortController().signal,
      untilIdle: true,
    });
    const row = (await getJob(t.db, job.id))!;
    expect(row.status).toBe("succeeded");
    expect(row.progress).toBe(1);
    expect(row.message).toBe("step 3");
    expect(row.checkpoint).toEqual({ next: 3 });
  });

  it("retries a failing job with backoff, then fails it and cleans up", async () => {
    const job = await insertJob(t.db, { type: "test", payload: { n: 0 }, title: "t", maxAttempts: 2 });
    let cleaned = 0;
    const handlers = handler(
      async () => {
        throw new Error("boom");
      },
      () => cleaned++,
    );
    const first = (await leaseNextJob(t.db, "w", 1000, ["test"]))!;
    expect(await runLeasedJob(t.db, first, handlers, { owner: "w", leaseMs: 1000 })).toBe("queued");
    const queued = (await getJob(t.db, job.id))!;
    expect(queued.error).toBe("boom");
    expect(queued.runAfter).toBeGreaterThan(Date.now() + retryDelayMs(1) - 1000);
    expect(await leaseNextJob(t.db, "w", 1000, ["test"])).toBeUndefined();
    await t.db.update(jobs).set({ runAfter: 0 });
    const second = (await leaseNextJob(t.db, "w", 1000, ["test"]))!;
    expect(await runLeasedJob(t.db, second, handlers, { owner: "w", leaseMs: 1000 })).toBe("failed");
    expect((await getJob(t.db, job.id))!.status).toBe("failed");
    expect(cleaned).toBe(1);
  });

  it("cancels a queued job at once and a running one at its next step", async () => {
    const queued = await insertJob(t.db, { type: "test", payload: { n: 0 }, title: "q" });
    expect((await requestCancel(t.db, queued.id))?.status).toBe("cancelled");

    const running = await insertJob(t.db, { type: "test", payload: { n: 0 }, title: "r" });
    let cleaned = 0;
    const handlers = handler(
      async (ctx) => {
        await requestCancel(ctx.db, ctx.job.id);
        for (;;) {
          await new Promise((r) => setTimeout(r, 20));
          ctx.throwIfStopped();
        }
      },
      () => cleaned++,
    );
    const leased = (await leaseNextJob(t.db, "w", 300, ["test"]))!;
    expect(await runLeasedJob(t.db, leased, handlers, { owner: "w", leaseMs: 300 })).toBe("cancelled");
    expect((await getJob(t.db, running.id))!.status).toBe("cancelled");
    expect(cleaned).toBe(1);
  });

  it("hands a job back to the queue on shutdown without spending an attempt", async () => {
    const job = await insertJob(t.db, { type: "test", payload: { n: 0 }, title: "t" });
    const stop = new AbortController();
    const handlers = handler(async (ctx) => {
      stop.abort();
      await new Promise((r) => setTimeout(r, 10));
      ctx.throwIfStopped();
    });
    const leased = (await leaseNextJob(t.db, "w", 1000, ["test"]))!;
    expect(await runLeasedJob(t.db, leased, handlers, { owner: "w", leaseMs: 1000, shutdown: stop.signal })).toBe(
      "queued",
    );
    const row = (await getJob(t.db, job.id))!;
    expect(row.attempts).toBe(0);
    expect(row.leaseOwner).toBeNull();
  });

  it("refuses a checkpoint from a worker that lost its lease", async () => {
    await insertJob(t.db, { type: "test", payload: { n: 0 }, title: "t" });
    const handlers = handler(async (ctx) => {
      await t.db.update(jobs).set({ leaseOwner: "someone-else" });
      await ctx.commit(async () => ({ next: 1 }));
    });
    const leased = (await leaseNextJob(t.db, "w", 1000, ["test"]))!;
    await runLeasedJob(t.db, leased, handlers, { owner: "w", leaseMs: 1000 });
    const row = (await getJob(t.db, leased.id))!;
    expect(row.checkpoint).toBeNull();
    expect(row.leaseOwner).toBe("someone-else");
  });
});
