import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { rawRows } from "@/lib/db/client";
import { createCorpus } from "@/lib/db/queries/corpora";
import { getDocument, insertDocuments, listDocuments } from "@/lib/db/queries/documents";
import { getJob, insertJob } from "@/lib/db/queries/jobs";
import { createModelVersion, getModelVersion, recordMetrics } from "@/lib/db/queries/model-versions";
import { listTrainingPoints, recordTrainingEvaluation } from "@/lib/db/queries/training-points";
import { documents, jobs, modelVersions, trainingPoints } from "@/lib/db/schema";
import { tempDatabase } from "@/tests/helpers/temp-db";

let t: ReturnType<typeof tempDatabase>;
let corpusId: number;

beforeEach(async () => {
  t = tempDatabase();
  corpusId = (await createCorpus(t.db, { name: "c" })).id;
});
afterEach(() => t.cleanup());

/** The text SQLite holds in one column of one row, read past drizzle's column types. */
const rawText = async (table: string, column: string, id: number) =>
  (
    await rawRows<{ v: string | null }>(
      t.db,
      sql`select ${sql.identifier(column)} as v from ${sql.identifier(table)} where id = ${id}`,
    )
  )[0].v;

async function storeDocument(metadata: Record<string, unknown>): Promise<number> {
  await insertDocuments(t.db, { corpusId, uploadId: null, firstOrdinal: 0 }, [
    { title: "t", text: "x", metadata, passages: [{ ordinal: 0, text: "x", start: 0, end: 1, hash: "h" }] },
  ]);
  return (await t.db.select({ id: documents.id }).from(documents))[0].id;
}

describe("typed JSON columns", () => {
  it("store the same text as JSON.stringify (no migration) and read back the value", async () => {
    const metadata = { author: "Ada", year: 1843, tags: ["notes", "engine"], nested: { ok: true } };
    const id = await storeDocument(metadata);
    expect(await rawText("documents", "metadata", id)).toBe(JSON.stringify(metadata));
    expect((await getDocument(t.db, id))!.metadata).toEqual(metadata);
    expect((await listDocuments(t.db, corpusId, { limit: 10, offset: 0 })).rows[0].metadata).toEqual(metadata);

    const job = await insertJob(t.db, { type: "index", payload: { corpusId, modelVersionId: 3 }, title: "j" });
    expect(await rawText("jobs", "payload", job.id)).toBe(JSON.stringify({ corpusId, modelVersionId: 3 }));
    expect((await getJob(t.db, job.id))!.payload).toEqual({ corpusId, modelVersionId: 3 });
    expect((await getJob(t.db, job.id))!.checkpoint).toBeNull();
  });

  it("merge metrics into the stored object", async () => {
    const v = await createModelVersion(t.db, { corpusId, name: "v", source: "scratch", baseModel: "scratch" });
    expect(await rawText("model_versions", "metrics", v.id)).toBe("{}");
    await recordMetrics(t.db, v.id, { primary: "sts_spearman", sts_spearman: 0.8 });
    await recordMetrics(t.db, v.id, { steps: 12 });
    expect((await getModelVersion(t.db, v.id))!.metrics).toEqual({
      primary: "sts_spearman",
      sts_spearman: 0.8,
      steps: 12,
    });
  });

  it("read a row whose text is not JSON, or not of the column's kind, as the column's empty value", async () => {
    const id = await storeDocument({ a: 1 });
    await t.db
      .update(documents)
      .set({ metadata: sql`${"{not json"}` })
      .where(eq(documents.id, id));
    expect((await getDocument(t.db, id))!.metadata).toEqual({});
    await t.db
      .update(documents)
      .set({ metadata: sql`${"[1, 2]"}` })
      .where(eq(documents.id, id));
    expect((await getDocument(t.db, id))!.metadata).toEqual({});

    const v = await createModelVersion(t.db, { corpusId, name: "v", source: "hub", baseModel: "hub:x" });
    await t.db
      .update(modelVersions)
      .set({ metrics: sql`'null'` })
      .where(eq(modelVersions.id, v.id));
    expect((await getModelVersion(t.db, v.id))!.metrics).toEqual({});
    await recordTrainingEvaluation(t.db, v.id, { step: 0, primary: "m", value: 0.5, metrics: { m: 0.5 } });
    await t.db
      .update(trainingPoints)
      .set({ evalMetrics: sql`'{'` })
      .where(eq(trainingPoints.modelVersionId, v.id));
    expect((await listTrainingPoints(t.db, v.id))[0].evalMetrics).toBeNull();

    const job = await insertJob(t.db, { type: "index", payload: {}, title: "j" });
    await t.db
      .update(jobs)
      .set({ payload: sql`'oops'`, checkpoint: sql`'{'` })
      .where(eq(jobs.id, job.id));
    const [row] = await t.db.select().from(jobs).where(eq(jobs.id, job.id));
    expect(row.payload).toBeNull();
    expect(row.checkpoint).toBeNull();
    expect((await t.db.select().from(modelVersions).where(eq(modelVersions.id, v.id)))[0].metrics).toEqual({});
  });
});
