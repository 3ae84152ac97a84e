import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCorpus } from "@/lib/db/queries/corpora";
import { getJob } from "@/lib/db/queries/jobs";
import { listUploads } from "@/lib/db/queries/uploads";
import { ingestHandler } from "@/lib/jobs/handlers/ingest-handler";
import { submitUpload } from "@/lib/ingest/ingest-service";
import { countDocumentsOffThread, parseBudget, parseFileOffThread } from "@/lib/ingest/parse-off-thread";
import { IngestError } from "@/lib/ingest/ingest-error";
import { parseFile } from "@/lib/ingest/formats/parse-file";
import { csvCorpus } from "@/tests/fixtures/csv-corpus";
import { tempDatabase } from "@/tests/helpers/temp-db";

const bytes = (s: string) => new TextEncoder().encode(s);
/** Every file goes to a worker thread, however small. */
const THREAD = { inlineBytes: 0 };

async function rejection(promise: Promise<unknown>): Promise<IngestError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(IngestError);
  return err as IngestError;
}

describe("parsing off the event loop", () => {
  it("gives the same documents as parseFile, and the same IngestError with file and line", async () => {
    const csv = bytes(csvCorpus(300));
    const options = { fileName: "notes.csv", textColumns: ["body"], titleColumn: "title" };
    expect(await parseFileOffThread(csv, options, THREAD)).toEqual(parseFile(csv, options));
    expect(await countDocumentsOffThread(csv, options, THREAD)).toBe(300);
    const err = await rejection(
      parseFileOffThread(bytes('id,text\n1,a\n2,"open\n"3",b\n'), { fileName: "bad.csv" }, THREAD),
    );
    expect(err).toMatchObject({ file: "bad.csv", line: 3 });
    expect(err.message).toMatch(/^bad\.csv, line 3: a quoted field starts here/);
  });

  it("keeps the event loop turning while a file parses in its thread", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    await parseFileOffThread(bytes(csvCorpus(2_000)), { fileName: "a.csv", textColumns: ["body"] }, THREAD);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });

  it("refuses a file over its time budget, naming the file and the limit", async () => {
    const err = await rejection(
      countDocumentsOffThread(
        bytes(csvCorpus(100)),
        { fileName: "slow.csv" },
        { ...THREAD, budget: { timeMs: 1, memoryMb: 512 } },
      ),
    );
    expect(err.message).toMatch(
      /^slow\.csv: reading the file took longer than the 0\.001 s allowed for a file of .*; split it into smaller files/,
    );
  });

  it("refuses a file over its memory budget, naming the file and the limit", async () => {
    const big = bytes(
      `id,text\n${Array.from({ length: 200_000 }, (_, i) => `${i},"sentence number ${i} of many"`).join("\n")}\n`,
    );
    const err = await rejection(
      countDocumentsOffThread(big, { fileName: "huge.csv" }, { ...THREAD, budget: { timeMs: 60_000, memoryMb: 16 } }),
    );
    expect(err.message).toMatch(
      /^huge\.csv: reading the file needed more than the 16 MB of memory allowed for a file of/,
    );
  });

  it("budgets grow with the file", () => {
    expect(parseBudget(0)).toEqual({ timeMs: 10_000, memoryMb: 256 });
    expect(parseBudget(50 * 1024 * 1024)).toEqual({ timeMs: 110_000, memoryMb: 1456 });
  });
});

describe("submitUpload", () => {
  let t: ReturnType<typeof tempDatabase>;
  beforeEach(() => (t = tempDatabase()));
  afterEach(() => t.cleanup());

  it("validates in a thread and queues the job with the size limit the file was accepted under", async () => {
    const corpus = await createCorpus(t.db, { name: "big limit" });
    const maxUploadBytes = 80 * 1024 * 1024; // COGNATE_MAX_UPLOAD_MB=80, above the parsers' 50 MiB default
    const cfg = { dataDir: t.dir, maxUploadBytes, maxPassageChars: 600 };
    const { jobId, documentCount } = await submitUpload(
      t.db,
      cfg,
      { corpusId: corpus.id, fileName: "n.csv", bytes: bytes(csvCorpus(50)), choices: { textColumns: ["body"] } },
      THREAD,
    );
    expect(documentCount).toBe(50);
    const payload = ingestHandler.parsePayload((await getJob(t.db, jobId))!.payload);
    expect(payload.source.kind === "file" && payload.source.options.maxBytes).toBe(maxUploadBytes);
  });

  it("stores nothing when the thread refuses the file", async () => {
    const corpus = await createCorpus(t.db, { name: "refused" });
    const cfg = { dataDir: t.dir, maxUploadBytes: 1e6, maxPassageChars: 600 };
    await rejection(
      submitUpload(
        t.db,
        cfg,
        { corpusId: corpus.id, fileName: "x.jsonl", bytes: bytes('{"text":"a"}\n{oops}\n') },
        THREAD,
      ),
    );
    expect(await listUploads(t.db, corpus.id)).toHaveLength(0);
  });
});
