import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createCorpus } from "@/lib/db/queries/corpora";
import { getDocument, insertDocuments, listDocuments } from "@/lib/db/queries/documents";
import { getJob, insertJob } from "@/lib/db/queries/jobs";
import { createModelVersion, getModelVersion, recordMetrics } from "@/lib/db/queries/model-versions";
import { listTrainingPoints, recordTrainingEvaluation } from "@/lib/db/queries/training-points";
import { documents, jobs, modelVersions } from "@/lib/db/schema";
import { tempDatabase } from "@/tests/helpers/temp-db";

let t: ReturnType<typeof tempDatabase>;
let corpusId: number;

beforeEach(() => {
  t = tempDatabase();
  corpusId = createCorpus(t.db, { name: "c" }).id;
});
afterEach(() => t.cleanup());

/** The text SQLite holds in one column of one row, read past drizzle. */
const rawText = (table: string, column: string, id: number) =>
  (t.db.$client.prepare(`select ${column} as v from ${table} where id = ?`).get(id) as { v: string | null }).v;

function storeDocument(metadata: Record<string, unknown>): number {
  insertDocuments(t.db, { corpusId, uploadId: null, firstOrdinal: 0 }, [
    { title: "t", text: "x", metadata, passages: [{ ordinal: 0, text: "x", start: 0, end: 1, hash: "h" }] },
  ]);
  return t.db.select({ id: documents.id }).from(documents).get()!.id;
}

describe("typed JSON columns", () => {
  it("store the same text as JSON.stringify (no migration) and read back the value", () => {
    const metadata = { author: "Ada", year: 1843, tags: ["notes", "engine"], nested: { ok: true } };
    const id = storeDocument(metadata);
    expect(rawText("documents", "metadata", id)).toBe(JSON.stringify(metadata));
    expect(getDocument(t.db, id)!.metadata).toEqual(metadata);
    expect(listDocuments(t.db, corpusId, { limit: 10, offset: 0 }).rows[0].metadata).toEqual(metadata);

    const job = insertJob(t.db, { type: "index", payload: { corpusId, modelVersionId: 3 }, title: "j" });
    expect(rawText("jobs", "payload", job.id)).toBe(JSON.stringify({ corpusId, modelVersionId: 3 }));
    expect(getJob(t.db, job.id)!.payload).toEqual({ corpusId, modelVersionId: 3 });
    expect(getJob(t.db, job.id)!.checkpoint).toBeNull();
  });

  it("merge metrics into the stored object", () => {
    const v = createModelVersion(t.db, { corpusId, name: "v", source: "scratch", baseModel: "scratch" });
    expect(rawText("model_versions", "metrics", v.id)).toBe("{}");
    recordMetrics(t.db, v.id, { primary: "sts_spearman", sts_spearman: 0.8 });
    recordMetrics(t.db, v.id, { steps: 12 });
    expect(getModelVersion(t.db, v.id)!.metrics).toEqual({ primary: "sts_spearman", sts_spearman: 0.8, steps: 12 });
  });

  it("read a row whose text is not JSON, or not of the column's kind, as the column's empty value", () => {
    const id = storeDocument({ a: 1 });
    t.db.$client.prepare("update documents set metadata = ? where id = ?").run("{not json", id);
    expect(getDocument(t.db, id)!.metadata).toEqual({});
    t.db.$client.prepare("update documents set metadata = ? where id = ?").run("[1, 2]", id);
    expect(getDocument(t.db, id)!.metadata).toEqual({});

    const v = createModelVersion(t.db, { corpusId, name: "v", source: "hub", baseModel: "hub:x" });
    t.db.$client.prepare("update model_versions set metrics = 'null' where id = ?").run(v.id);
    expect(getModelVersion(t.db, v.id)!.metrics).toEqual({});
    recordTrainingEvaluation(t.db, v.id, { step: 0, primary: "m", value: 0.5, metrics: { m: 0.5 } });
    t.db.$client.prepare("update training_points set eval_metrics = '{' where model_version_id = ?").run(v.id);
    expect(listTrainingPoints(t.db, v.id)[0].evalMetrics).toBeNull();

    const job = insertJob(t.db, { type: "index", payload: {}, title: "j" });
    t.db.$client.prepare("update jobs set payload = 'oops', checkpoint = '{' where id = ?").run(job.id);
    const row = t.db.select().from(jobs).where(eq(jobs.id, job.id)).get()!;
    expect(row.payload).toBeNull();
    expect(row.checkpoint).toBeNull();
    expect(t.db.select().from(modelVersions).where(eq(modelVersions.id, v.id)).get()!.metrics).toEqual({});
  });
});
