import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCorpus, getCorpusSummary } from "@/lib/db/queries/corpora";
import { getJob } from "@/lib/db/queries/jobs";
import { listUploads } from "@/lib/db/queries/uploads";
import { submitUpload } from "@/lib/ingest/ingest-service";
import type { Supervisor } from "@/lib/jobs/worker-supervisor";
import { superviseTestWorker } from "@/tests/helpers/supervised-worker";
import { csvCorpus } from "@/tests/fixtures/csv-corpus";
import { tempDatabase } from "@/tests/helpers/temp-db";
import { waitFor } from "@/tests/helpers/wait-for";

let t: ReturnType<typeof tempDatabase>;
let supervisor: Supervisor | undefined;
beforeEach(() => (t = tempDatabase()));
afterEach(async () => {
  await supervisor?.stop();
  await t.cleanup();
});

const bytes = (s: string) => new TextEncoder().encode(s);
describe("chaos: kill -9 of the worker mid-job", () => {
  it("a restarted worker resumes the job; one that kills every worker is failed after maxAttempts, and the queue keeps flowing", async () => {
    const rows = 30_000;
    const corpus = await createCorpus(t.db, { name: "big" });
    const cfg = { dataDir: t.dir, maxUploadBytes: 10 * 1024 * 1024, maxPassageChars: 600 };
    const { jobId } = await submitUpload(t.db, cfg, {
      corpusId: corpus.id,
      fileName: "big.csv",
      bytes: bytes(csvCorpus(rows)),
      choices: { textColumns: ["body"] },
    });
    const maxAttempts = (await getJob(t.db, jobId))!.maxAttempts;
    expect(maxAttempts).toBe(3);

    // The real worker entry point under the same supervisor as `npm start` (short backoff for the test).
    const env = { ...process.env, ...t.env, COGNATE_SAMPLE: "0", COGNATE_WORKER_POLL_MS: "50" };
    const restarts: string[] = [];
    const worker = superviseTestWorker(env, { log: (line) => restarts.push(line) });
    supervisor = worker.supervisor;
    const { children } = worker;

    let doneAtKill = 0;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      // Kill each attempt once it has stored something beyond what the last one left.
      const job = await waitFor(`attempt ${attempt} to make progress`, async () => {
        const row = (await getJob(t.db, jobId))!;
        expect(row.status, "the job finished before its worker could be killed; use a bigger file").not.toBe(
          "succeeded",
        );
        return row.attempts === attempt && row.done > doneAtKill && row;
      });
      expect(job.status).toBe("running");
      doneAtKill = job.done;
      const victim = children[children.length - 1];
      const exited = new Promise((r) => victim.once("exit", r));
      victim.kill("SIGKILL");
      await exited;
    }

    // The worker started after the last kill ends the job instead of taking it a 4th time.
    const ended = await waitFor("the job to end", async () => {
      const row = (await getJob(t.db, jobId))!;
      // On PostgreSQL the job waits in the queue ("queued") between a dead worker and the next.
      return !["running", "queued"].includes(row.status) && row;
    });
    expect(ended).toMatchObject({ status: "failed", attempts: maxAttempts, leaseOwner: null });
    expect(ended.error).toMatch(/^its worker died while running it .* all 3 attempts are used/);
    expect(ended.done).toBeLessThan(rows);
    // Its cleanup removed the partial upload: nothing half-stored is left behind.
    expect(await getCorpusSummary(t.db, corpus.id)).toMatchObject({ documentCount: 0, passageCount: 0 });
    expect(await listUploads(t.db, corpus.id)).toHaveLength(0);
    expect(restarts).toHaveLength(maxAttempts);
    expect(restarts[0]).toMatch(/^worker \(pid \d+\) was killed by SIGKILL; restarting it in/);
    // The worker logs after its write: the line may reach this process's pipe a moment after the row.
    await waitFor("the worker to log the failure", () =>
      worker.output().includes(`job ${jobId} (ingest) failed: its worker died while running it`),
    );

    // The restarted worker still serves the queue.
    const small = await submitUpload(t.db, cfg, {
      corpusId: corpus.id,
      fileName: "small.csv",
      bytes: bytes(csvCorpus(50)),
      choices: { textColumns: ["body"] },
    });
    await waitFor(
      "the next upload to be stored",
      async () => (await getJob(t.db, small.jobId))!.status === "succeeded",
    );
    expect(await getCorpusSummary(t.db, corpus.id)).toMatchObject({ documentCount: 50, passageCount: 45 });

    const last = children[children.length - 1];
    const lastExit = new Promise<number | null>((r) => last.once("exit", (code) => r(code)));
    await supervisor.stop();
    expect(await lastExit).toBe(0);
    expect(children).toHaveLength(maxAttempts + 1);
  }, 120_000);
});
