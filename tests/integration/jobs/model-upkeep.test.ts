import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCorpus } from "@/lib/db/queries/corpora";
import { listJobs } from "@/lib/db/queries/jobs";
import { createModelVersion, listModelVersions, promoteModelVersion } from "@/lib/db/queries/model-versions";
import { enqueueModelUpkeep } from "@/lib/pipeline/stage-jobs";
import { tempDatabase } from "@/tests/helpers/temp-db";

let t: ReturnType<typeof tempDatabase>;
beforeAll(() => {
  t = tempDatabase();
});
afterAll(() => t.cleanup());

const jobsOf = async (corpusId: number) =>
  (await listJobs(t.db, { corpusId })).map((j) => [j.type, j.payload as Record<string, unknown>]);

describe("after an upload, the corpus's model is kept up to date", () => {
  it("gives a corpus without a model its base model, once", async () => {
    const corpusId = (await createCorpus(t.db, { name: "new" })).id;
    await enqueueModelUpkeep(t.db, corpusId, "hub:org/model");
    await enqueueModelUpkeep(t.db, corpusId, "hub:org/model");
    expect(await jobsOf(corpusId)).toEqual([
      ["prepare-model", expect.objectContaining({ spec: "hub:org/model", fallbackToScratch: true })],
    ]);
  });

  it("trains from scratch when that is the base model, and queues nothing more while it trains", async () => {
    const corpusId = (await createCorpus(t.db, { name: "scratch" })).id;
    await enqueueModelUpkeep(t.db, corpusId, "scratch");
    await enqueueModelUpkeep(t.db, corpusId, "scratch");
    expect(await jobsOf(corpusId)).toEqual([["train", expect.objectContaining({ baseModel: "scratch" })]]);
    expect(await listModelVersions(t.db, corpusId)).toEqual([
      expect.objectContaining({ source: "scratch", status: "pending" }),
    ]);
  });

  it("does nothing by itself with base model none", async () => {
    const corpusId = (await createCorpus(t.db, { name: "manual" })).id;
    await enqueueModelUpkeep(t.db, corpusId, "none");
    expect(await jobsOf(corpusId)).toEqual([]);
  });

  it("indexes new passages into the version being indexed while none is live, then only into the live one", async () => {
    const corpusId = (await createCorpus(t.db, { name: "indexing" })).id;
    const first = await createModelVersion(t.db, {
      corpusId,
      name: "a",
      source: "dir",
      baseModel: "dir:/a",
      path: "/a",
      status: "indexing",
    });
    await enqueueModelUpkeep(t.db, corpusId, "hub:org/model");
    expect(await jobsOf(corpusId)).toEqual([["index", { corpusId, modelVersionId: first.id, promote: false }]]);
    await promoteModelVersion(t.db, corpusId, first.id);
    await createModelVersion(t.db, {
      corpusId,
      name: "b",
      source: "dir",
      baseModel: "dir:/b",
      path: "/b",
      status: "ready",
    });
    await enqueueModelUpkeep(t.db, corpusId, "hub:org/model");
    expect((await jobsOf(corpusId))[0]).toEqual(["index", { corpusId, modelVersionId: first.id, promote: false }]);
    expect(await jobsOf(corpusId)).toHaveLength(2);
  });
});
