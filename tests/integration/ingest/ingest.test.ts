import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCorpus, getCorpusSummary } from "@/lib/db/queries/corpora";
import { getJob } from "@/lib/db/queries/jobs";
import { listUploads } from "@/lib/db/queries/uploads";
import { jobHandlers } from "@/lib/jobs/handlers";
import { submitUpload } from "@/lib/ingest/ingest-service";
import { runWorkerLoop } from "@/lib/jobs/worker-loop";
import { bootstrapSampleCorpus } from "@/lib/jobs/sample-bootstrap";
import { sampleDocuments } from "@/lib/sample/sample-corpus";
import { createSearchService } from "@/lib/search/search-service";
import { IngestError } from "@/lib/ingest/ingest-error";
import { csvCorpus } from "@/tests/fixtures/csv-corpus";
import { tempDatabase } from "@/tests/helpers/temp-db";
import { writeTinyModel } from "@/tests/fixtures/tiny-model";

let t: ReturnType<typeof tempDatabase>;
beforeEach(() => (t = tempDatabase()));
afterEach(() => t.cleanup());

const cfg = () => ({ dataDir: t.dir, maxUploadBytes: 10 * 1024 * 1024, maxPassageChars: 600 });
const drain = () =>
  runWorkerLoop(t.db, {
    handlers: jobHandlers,
    leaseMs: 5000,
    pollMs: 10,
    signal: new AbortController().signal,
    untilIdle: true,
  });
const bytes = (s: string) => new TextEncoder().encode(s);

describe("ingest", () => {
  it("stores a CSV's rows as documents and passages, drops duplicates, and makes them searchable", async () => {
    const corpus = await createCorpus(t.db, { name: "notes" });
    const { jobId } = await submitUpload(t.db, cfg(), {
      corpusId: corpus.id,
      fileName: "notes.csv",
      bytes: bytes(csvCorpus(200)),
      choices: { textColumns: ["body"], titleColumn: "title" },
    });
    await drain();
    expect((await getJob(t.db, jobId))!.status).toBe("succeeded");
    const summary = (await getCorpusSummary(t.db, corpus.id))!;
    expect(summary.documentCount).toBe(200);
    expect(summary.passageCount).toBe(180);
    expect((await listUploads(t.db, corpus.id))[0]).toMatchObject({
      status: "done",
      documentCount: 200,
      passageCount: 180,
      duplicateCount: 20,
    });
    const hits = (
      await createSearchService(t.db).search({ query: "token123", mode: "lexical", corpusId: corpus.id, k: 5 })
    ).results;
    expect(hits[0].documentTitle).toBe("Article 123");
    const [s, e] = hits[0].highlights[0];
    expect(hits[0].text.slice(s, e)).toBe("token123");
  });

  it("refuses a malformed CSV with its line number and stores nothing", async () => {
    const corpus = await createCorpus(t.db, { name: "bad" });
    const csv = 'title,body\nA,"fine"\nB,"also fine"\nC,"unclosed\n';
    const refusal = submitUpload(t.db, cfg(), { corpusId: corpus.id, fileName: "bad.csv", bytes: bytes(csv) });
    await expect(refusal).rejects.toThrow(IngestError);
    await expect(refusal).rejects.toThrow(/^bad\.csv, line 4: /);
    expect(await getCorpusSummary(t.db, corpus.id)).toMatchObject({ documentCount: 0, passageCount: 0 });
    expect(await listUploads(t.db, corpus.id)).toHaveLength(0);
  });

  it("accepts a file over the parsers' 50 MiB default when the upload limit is above it, and the worker stores it", async () => {
    const corpus = await createCorpus(t.db, { name: "large" });
    // COGNATE_MAX_UPLOAD_MB=60: a 51 MiB file is within it, though over the parsers' own default.
    const settings = { ...cfg(), maxUploadBytes: 60 * 1024 * 1024 };
    // One short sentence and 51 MiB of spaces, which normalizing drops: one passage, so the test stays quick.
    const blankLine = `${" ".repeat(1023)}\n`;
    const text = `A sentence long enough to keep.\n${blankLine.repeat(51 * 1024)}`;
    expect(text.length).toBeGreaterThan(50 * 1024 * 1024);
    const { jobId, documentCount } = await submitUpload(t.db, settings, {
      corpusId: corpus.id,
      fileName: "large.txt",
      bytes: bytes(text),
    });
    expect(documentCount).toBe(1);
    await drain();
    const job = (await getJob(t.db, jobId))!;
    expect(job.error).toBeNull();
    expect(job.status).toBe("succeeded");
    expect(await getCorpusSummary(t.db, corpus.id)).toMatchObject({ documentCount: 1, passageCount: 1 });
    expect((await listUploads(t.db, corpus.id))[0]).toMatchObject({ status: "done", documentCount: 1 });
  });

  it("validates the form's options once and stores them in the job as the parser takes them", async () => {
    const corpus = await createCorpus(t.db, { name: "fields" });
    const { jobId } = await submitUpload(t.db, cfg(), {
      corpusId: corpus.id,
      fileName: "notes.csv",
      bytes: bytes(csvCorpus(5)),
      // As a form sends them: text columns comma separated, a limit the server ignores, a field it does not know.
      choices: { textColumns: " body , ", titleColumn: " title ", maxBytes: "1", other: "x" },
    });
    expect(((await getJob(t.db, jobId))!.payload as { source: { options: unknown } }).source.options).toEqual({
      fileName: "notes.csv",
      format: "csv",
      textColumns: ["body"],
      titleColumn: "title",
      maxBytes: 10 * 1024 * 1024,
    });
    const refusal = submitUpload(t.db, cfg(), {
      corpusId: corpus.id,
      fileName: "notes.csv",
      bytes: bytes(csvCorpus(5)),
      choices: { format: "xlsx" },
    });
    await expect(refusal).rejects.toThrow(/format/);
    expect(await listUploads(t.db, corpus.id)).toHaveLength(1);
  });

  it("loads the sample corpus on first start only, then gets it a model and serves hybrid search", async () => {
    Object.assign(process.env, t.env);
    const model = path.join(t.dir, "tiny-model");
    writeTinyModel(model);
    expect(await bootstrapSampleCorpus(t.db, 600, `dir:${model}`)).not.toBeNull();
    expect(await bootstrapSampleCorpus(t.db, 600, `dir:${model}`)).toBeNull();
    await drain();
    const search = createSearchService(t.db, { indexDir: path.join(t.dir, "indexes") });
    const response = await search.search({ query: "telescope", mode: "hybrid", k: 3 });
    expect(response.mode).toBe("hybrid");
    expect(response.results[0].text.toLowerCase()).toContain("telescope");
    expect((await getCorpusSummary(t.db, response.results[0].corpusId))!.documentCount).toBe(sampleDocuments().length);
  });

  it("a worker killed with -9 mid-ingest is resumed by the next one, without duplicates", async () => {
    const rows = 20_000;
    const corpus = await createCorpus(t.db, { name: "big" });
    const { jobId } = await submitUpload(t.db, cfg(), {
      corpusId: corpus.id,
      fileName: "big.csv",
      bytes: bytes(csvCorpus(rows)),
      choices: { textColumns: ["body"] },
    });
    const env = { ...process.env, ...t.env, COGNATE_SAMPLE: "0", COGNATE_WORKER_POLL_MS: "50" };
    // node itself with tsx's loader, not the tsx CLI: that runs the worker in a child, which a SIGKILL of the CLI would leave running.
    const startWorker = () =>
      spawn(process.execPath, ["--import", "tsx", "workers/worker.ts"], { env, stdio: "ignore" });

    const first = startWorker();
    const firstExit = new Promise((r) => first.once("exit", r));
    for (;;) {
      const job = (await getJob(t.db, jobId))!;
      expect(job.status, "the job finished before the worker could be killed; use a bigger file").not.toBe("succeeded");
      if (job.done > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    first.kill("SIGKILL");
    await firstExit;
    const interrupted = (await getJob(t.db, jobId))!;
    expect(interrupted.status).toBe("running");
    expect(interrupted.done).toBeLessThan(rows);

    const second = startWorker();
    try {
      for (let i = 0; i < 600 && ["running", "queued"].includes((await getJob(t.db, jobId))!.status); i++)
        await new Promise((r) => setTimeout(r, 100));
    } finally {
      second.kill("SIGTERM");
    }
    expect((await getJob(t.db, jobId))!.status).toBe("succeeded");
    expect(await getCorpusSummary(t.db, corpus.id)).toMatchObject({ documentCount: rows, passageCount: rows * 0.9 });
  });
});
