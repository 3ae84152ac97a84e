import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCorpus } from "@/lib/db/queries/corpora";
import { getJob, listJobs } from "@/lib/db/queries/jobs";
import { liveModelVersion, listModelVersions } from "@/lib/db/queries/model-versions";
import { jobHandlers } from "@/lib/jobs/handlers";
import type { HandlerRegistry } from "@/lib/jobs/job-handler";
import { submitUpload } from "@/lib/ingest/ingest-service";
import { enqueuePrepareModel } from "@/lib/pipeline/stage-jobs";
import { runWorkerLoop } from "@/lib/jobs/worker-loop";
import { createSearchService } from "@/lib/search/search-service";
import { writeTinyModel } from "@/tests/fixtures/tiny-model";
import { tempDatabase } from "@/tests/helpers/temp-db";

let t: ReturnType<typeof tempDatabase>;
let corpusId: number;
let modelA: string;
let modelB: string;
const drain = (handlers: HandlerRegistry = jobHandlers) =>
  runWorkerLoop(t.db, { handlers, leaseMs: 10_000, pollMs: 10, signal: new AbortController().signal, untilIdle: true });
const TEXT = [
  "The river flows past the old mill.",
  "Stars shine over the quiet harbour.",
  "A garden of roses and tulips.",
  "Engines roar on the race track.",
];

beforeAll(async () => {
  t = tempDatabase();
  Object.assign(process.env, t.env);
  modelA = path.join(t.dir, "model-a");
  modelB = path.join(t.dir, "model-b");
  writeTinyModel(modelA, { seed: 1 });
  writeTinyModel(modelB, { seed: 2 });
  corpusId = (await createCorpus(t.db, { name: "tiny" })).id;
  const body = TEXT.map((s, i) => `${i},"${s}",${i % 2 ? "odd" : "even"}`).join("\n");
  const cfg = { dataDir: t.dir, maxUploadBytes: 1e6, maxPassageChars: 600, baseModel: `dir:${modelA}` };
  await submitUpload(t.db, cfg, {
    corpusId,
    fileName: "t.csv",
    bytes: new TextEncoder().encode(`id,text,parity\n${body}\n`),
  });
  await drain({ ingest: jobHandlers.ingest });
});
afterAll(() => t.cleanup());

describe("dense and hybrid search", () => {
  it("falls back to lexical while no model serves, and says so", async () => {
    const search = createSearchService(t.db, { indexDir: path.join(t.dir, "indexes") });
    const res = await search.search({ query: "river", mode: "hybrid", corpusId, k: 3 });
    expect(res.mode).toBe("lexical");
    expect(res.notice).toMatch(/no model serving yet/);
  });

  it("gets the corpus its base model after the first upload, indexes it, makes it live and answers dense queries", async () => {
    expect((await listJobs(t.db)).map((j) => [j.type, j.status])).toEqual([
      ["prepare-model", "queued"],
      ["ingest", "succeeded"],
    ]);
    await drain();
    expect((await listJobs(t.db)).every((j) => j.status === "succeeded")).toBe(true);
    const live = (await liveModelVersion(t.db, corpusId))!;
    expect(live).toMatchObject({ source: "dir", status: "live" });
    const search = createSearchService(t.db, { indexDir: path.join(t.dir, "indexes") });
    for (const text of TEXT) {
      const res = await search.search({ query: text, mode: "dense", corpusId, k: 1 });
      expect(res.mode).toBe("dense");
      // The passage itself is its own nearest neighbour, whatever the (random) model.
      expect(res.results[0].text).toBe(text);
      expect(res.results[0].score).toBeCloseTo(1, 4);
    }
    const hybrid = await search.search({ query: "river mill", mode: "hybrid", corpusId, k: 4, explain: true });
    expect(hybrid.mode).toBe("hybrid");
    expect(hybrid.results[0].text).toBe(TEXT[0]);
    expect(hybrid.results[0].explanation).toMatchObject({
      sharedTerms: ["river", "mill"],
      sources: { lexical: { rank: 1 } },
    });
    expect(hybrid.models).toEqual([expect.objectContaining({ modelVersionId: live.id, source: "dir" })]);
    const byVector = await search.search({ query: "", vector: Array(32).fill(0.1), mode: "dense", corpusId, k: 2 });
    expect(byVector.results).toHaveLength(2);
    // The JSON answer's fields, in order (hits are written out field by field, not spread).
    const answer = JSON.parse(JSON.stringify(byVector)) as { results: Record<string, unknown>[] };
    expect(Object.keys(answer)).toEqual(["query", "mode", "results", "models", "tookMs"]);
    expect(Object.keys(answer.results[0])).toEqual([
      ...["passageId", "documentId", "corpusId", "corpusName", "documentTitle", "ordinal", "start", "end", "text"],
      ...["score", "highlights", "explanation", "model"],
    ]);
    expect(answer.results[0]).toMatchObject({ highlights: [], explanation: { sharedTerms: [] } });
    expect(Object.keys(JSON.parse(JSON.stringify(hybrid)))).toEqual([
      ...["query", "mode", "results", "models", "fusion", "tookMs"],
    ]);
    await expect(search.search({ query: "", vector: [1, 2], mode: "dense", corpusId, k: 2 })).rejects.toThrow(
      /2 dimensions; this corpus's model has 32/,
    );
    const filtered = await search.search({ query: "roses", mode: "dense", corpusId, k: 4, filters: { parity: "odd" } });
    expect(filtered.results.map((r) => r.text).sort()).toEqual([TEXT[1], TEXT[3]].sort());
  });

  it("indexes new uploads incrementally into the live version", async () => {
    await submitUpload(
      t.db,
      { dataDir: t.dir, maxUploadBytes: 1e6, maxPassageChars: 600 },
      { corpusId, fileName: "more.txt", bytes: new TextEncoder().encode("Penguins waddle across the ice.") },
    );
    await drain();
    const search = createSearchService(t.db, { indexDir: path.join(t.dir, "indexes") });
    const res = await search.search({ query: "Penguins waddle across the ice.", mode: "dense", corpusId, k: 1 });
    expect(res.results[0].text).toBe("Penguins waddle across the ice.");
  });

  it("swaps in a new model version without a failed search", async () => {
    const search = createSearchService(t.db, { indexDir: path.join(t.dir, "indexes") });
    const before = (await liveModelVersion(t.db, corpusId))!;
    await enqueuePrepareModel(t.db, { corpusId, spec: `dir:${modelB}`, promote: true });
    let stop = false;
    let searches = 0;
    const hammer = (async () => {
      while (!stop) {
        const res = await search.search({ query: "river", mode: "dense", corpusId, k: 2 });
        expect(res.mode).toBe("dense");
        expect(res.results.length).toBe(2);
        searches++;
        await new Promise((r) => setTimeout(r, 1));
      }
    })();
    await drain();
    const after = (await liveModelVersion(t.db, corpusId))!;
    await new Promise((r) => setTimeout(r, 50));
    stop = true;
    await hammer;
    expect(searches).toBeGreaterThan(0);
    expect(after.id).not.toBe(before.id);
    expect((await listModelVersions(t.db, corpusId)).find((v) => v.id === before.id)!.status).toBe("retired");
    expect(fs.existsSync(path.join(t.dir, "indexes"))).toBe(true);
    expect((await getJob(t.db, 1))!.status).toBe("succeeded");
  });
});
