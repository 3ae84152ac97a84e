import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { HTTP_STATUS } from "@/lib/api/api-error";
import { clusterSettings } from "@/lib/cluster/cluster-options";
import {
  clusterDetail,
  clusterExplorer,
  currentClusterRun,
  mergeClusters,
  reduceClusters,
  renameClusterOf,
  runSettings,
  startClustering,
} from "@/lib/cluster/cluster-service";
import { DomainError } from "@/lib/core/domain-error";
import type { Db } from "@/lib/db/client";
import { getCluster, saveClusterRun } from "@/lib/db/queries/clusters";
import { createCorpus } from "@/lib/db/queries/corpora";
import { listJobs } from "@/lib/db/queries/jobs";
import { createModelVersion, promoteModelVersion } from "@/lib/db/queries/model-versions";
import type { ClusterRun } from "@/lib/db/schema";
import { tempDatabase } from "@/tests/helpers/temp-db";

let temp: ReturnType<typeof tempDatabase>;
let db: Db;
let corpusId: number;

beforeEach(async () => {
  temp = tempDatabase();
  db = temp.db;
  corpusId = (await createCorpus(db, { name: "topics" })).id;
});
afterEach(() => temp.cleanup());

/** Awaits `fn` and returns the DomainError it rejects with (fails the test when it rejects with none or another). */
async function refusal(fn: () => Promise<unknown>): Promise<DomainError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error("expected a DomainError, but the call succeeded");
}

async function withLiveModel(id = corpusId) {
  const version = await createModelVersion(db, { corpusId: id, name: "m", source: "dir", baseModel: "dir:/m" });
  await promoteModelVersion(db, id, version.id);
  return version;
}

/** Stores a run of three clusters (ids 0, 1, 2) whose settings column holds only `k`. */
function storeRun(modelVersionId: number | null): Promise<ClusterRun> {
  const cluster = (clusterId: number) => ({
    clusterId,
    label: `topic ${clusterId}`,
    keywords: [{ term: `word${clusterId}`, weight: 0.5 }],
    representativeIds: [],
    size: 0,
    x: 0,
    y: 0,
  });
  return saveClusterRun(db, {
    corpusId,
    modelVersionId,
    method: "kmeans",
    settings: clusterSettings.parse({ k: 3 }),
    notes: {},
    silhouette: 0.4,
    clusters: [cluster(0), cluster(1), cluster(2)],
    passageIds: [],
    clusterIds: [],
    xy: [],
  });
}

const queuedPayloads = async () => (await listJobs(db, { corpusId })).map((j) => j.payload as Record<string, unknown>);

describe("startClustering", () => {
  it("queues a clustering with the settings parsed once, defaults filled", async () => {
    await withLiveModel();
    const job = await startClustering(db, corpusId, { method: "density", minClusterSize: 5 });
    expect(job.type).toBe("cluster");
    expect(await queuedPayloads()).toEqual([
      { corpusId, settings: clusterSettings.parse({ method: "density", minClusterSize: 5 }) },
    ]);
  });

  it("answers 409 (conflict) while no model serves the corpus, before the kMax rule", async () => {
    const err = await refusal(() => startClustering(db, corpusId, { kMin: 10, kMax: 3 }));
    expect(err.kind).toBe("conflict");
    expect(HTTP_STATUS[err.kind]).toBe(409);
    expect(err.message).toBe("this corpus has no model yet: clustering starts by itself once its model is ready");
    expect(await queuedPayloads()).toEqual([]);
  });

  it("refuses kMax below kMin, a model version of another corpus, an unknown corpus and bad fields", async () => {
    await withLiveModel();
    const range = await refusal(() => startClustering(db, corpusId, { kMin: 10, kMax: 3 }));
    expect([range.kind, range.message]).toEqual(["invalid", "kMax (3) must be at least kMin (10)"]);
    const other = await withLiveModel((await createCorpus(db, { name: "other" })).id);
    const foreign = await refusal(() => startClustering(db, corpusId, { modelVersionId: other.id }));
    expect([foreign.kind, foreign.message]).toEqual([
      "not_found",
      `model version ${other.id} of corpus ${corpusId} not found`,
    ]);
    expect((await refusal(() => startClustering(db, 999, {}))).kind).toBe("not_found");
    await expect(startClustering(db, corpusId, { method: "spectral" })).rejects.toThrow(ZodError);
    expect(await queuedPayloads()).toEqual([]);
  });
});

describe("edits of the current clustering", () => {
  it("says how to get a clustering when there is none", async () => {
    const err = await refusal(() => currentClusterRun(db, corpusId));
    expect(err.kind).toBe("not_found");
    expect(err.message).toContain(`POST /api/v1/corpora/${corpusId}/clusters`);
  });

  it("merges distinct existing clusters, carrying the run's settings as settings", async () => {
    const run = await storeRun((await withLiveModel()).id);
    expect((await refusal(() => mergeClusters(db, run, { clusterIds: [1, 1] }))).message).toBe(
      "name at least two different clusters to merge",
    );
    const missing = await refusal(() => mergeClusters(db, run, { clusterIds: [1, 7, 8] }));
    expect([missing.kind, missing.message]).toEqual(["not_found", "no cluster 7, 8 in the current clustering"]);
    expect(await queuedPayloads()).toEqual([]);
    const job = await mergeClusters(db, await currentClusterRun(db, corpusId), { clusterIds: [2, 0, 2] });
    expect(job.title).toBe("Merge clusters 2, 0");
    expect(await queuedPayloads()).toEqual([
      {
        corpusId,
        modelVersionId: run.modelVersionId,
        settings: clusterSettings.parse({ k: 3 }),
        edit: { kind: "merge", clusterIds: [2, 0] },
      },
    ]);
  });

  it("reduces only to fewer topics than the run has clusters", async () => {
    const run = await storeRun(null);
    const err = await refusal(() => reduceClusters(db, run, { topics: 3 }));
    expect([err.kind, err.message]).toEqual([
      "invalid",
      "the clustering has 3 clusters; ask for fewer topics than that",
    ]);
    await reduceClusters(db, run, { topics: 2 });
    expect(await queuedPayloads()).toEqual([
      { corpusId, settings: clusterSettings.parse({ k: 3 }), edit: { kind: "reduce", topics: 2 } },
    ]);
  });

  it("renames a cluster, restores its label with an empty name, and refuses the outliers and unknown ids", async () => {
    const run = await storeRun(null);
    expect((await renameClusterOf(db, run, 1, { name: " Space " })).name).toBe("Space");
    expect((await renameClusterOf(db, run, 1, { name: "" })).name).toBeNull();
    expect((await refusal(() => renameClusterOf(db, run, -1, { name: "x" }))).kind).toBe("invalid");
    expect((await refusal(() => renameClusterOf(db, run, 9, { name: "x" }))).message).toBe("cluster 9 not found");
    expect((await getCluster(db, run.id, 0))!.name).toBeNull();
  });
});

describe("reads", () => {
  it("reads stored settings once through the schema, with the defaults for settings that do not read", () => {
    expect(runSettings({ settings: { k: 3 } })).toEqual(clusterSettings.parse({ k: 3 }));
    expect(runSettings({ settings: {} })).toEqual(clusterSettings.parse({}));
    expect(runSettings({ settings: { method: "spectral" } })).toEqual(clusterSettings.parse({}));
  });

  it("gives the explorer its run, settings and models, and a cluster's detail with the outliers allowed", async () => {
    const live = await withLiveModel();
    expect((await clusterExplorer(db, corpusId)).run).toBeUndefined();
    const run = await storeRun(live.id);
    const explorer = await clusterExplorer(db, corpusId);
    expect(explorer.clusters.map((c) => c.clusterId).sort()).toEqual([0, 1, 2]);
    expect(explorer.settings).toEqual(clusterSettings.parse({ k: 3 }));
    expect(explorer.runModel?.id).toBe(live.id);
    expect((await clusterDetail(db, run, -1, {})).cluster).toBeNull();
    expect(await clusterDetail(db, run, 1, { limit: "5" })).toMatchObject({ total: 0, limit: 5, offset: 0 });
    expect((await refusal(() => clusterDetail(db, run, 5, {}))).kind).toBe("not_found");
  });
});
