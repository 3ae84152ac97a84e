import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminRequest, TEST_MASTER_KEY } from "@/tests/helpers/api-auth";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-cluster-"));
process.env.COGNATE_DATA_DIR = dataDir;
process.env.COGNATE_MASTER_KEY = TEST_MASTER_KEY;

const listRoute = await import("@/app/api/v1/corpora/[id]/clusters/route");
const clusterRoute = await import("@/app/api/v1/corpora/[id]/clusters/[cid]/route");
const mapRoute = await import("@/app/api/v1/corpora/[id]/clusters/map/route");
const exportRoute = await import("@/app/api/v1/corpora/[id]/clusters/export/route");
const mergeRoute = await import("@/app/api/v1/corpora/[id]/clusters/merge/route");
const reduceRoute = await import("@/app/api/v1/corpora/[id]/clusters/reduce/route");
const passagesRoute = await import("@/app/api/v1/corpora/[id]/passages/route");
const { appServices } = await import("@/lib/app-services");
const { decodeMapPayload } = await import("@/lib/cluster/map-payload");
const { createCorpus } = await import("@/lib/db/queries/corpora");
const { listJobs } = await import("@/lib/db/queries/jobs");
const { jobHandlers } = await import("@/lib/jobs/handlers");
const { submitUpload } = await import("@/lib/ingest/ingest-service");
const { enqueuePrepareModel } = await import("@/lib/pipeline/stage-jobs");
const { runWorkerLoop } = await import("@/lib/jobs/worker-loop");
const { writeTinyModel } = await import("@/tests/fixtures/tiny-model");

const TOPICS = {
  space: ["telescope", "galaxy", "orbit", "planet", "comet"],
  food: ["bread", "oven", "flour", "butter", "recipe"],
  sport: ["runner", "marathon", "bicycle", "training", "race"],
};
const url = (route: string) => adminRequest(`http://localhost/api/v1/corpora/1${route}`);
const json = (route: string, method: string, body: unknown) =>
  adminRequest(`http://localhost/api/v1/corpora/1${route}`, {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
const ctx = (cid?: number) => ({ params: Promise.resolve({ id: String(corpusId), cid: String(cid) }) });
const drain = () =>
  runWorkerLoop(appServices().db, {
    handlers: jobHandlers,
    leaseMs: 10_000,
    pollMs: 10,
    signal: new AbortController().signal,
    untilIdle: true,
  });
let corpusId: number;

type ListBody = {
  run: { id: number; clusterCount: number; silhouette: number | null; method: string } | null;
  clusters: { id: number; name: string | null; displayName: string; size: number; keywords: { term: string }[] }[];
  job: { status: string } | null;
};
const list = async () => (await listRoute.GET(url("/clusters"), ctx())).json() as Promise<ListBody>;

beforeAll(async () => {
  const { db } = appServices();
  corpusId = (await createCorpus(db, { name: "topics" })).id;
  const rows: string[] = [];
  Object.entries(TOPICS).forEach(([topic, words]) => {
    for (let i = 0; i < 20; i++)
      rows.push(
        `${topic}-${i},"The ${words[i % 5]} and the ${words[(i + 1) % 5]} near ${words[(i + 2) % 5]} number ${i}."`,
      );
  });
  await submitUpload(
    db,
    { dataDir, maxUploadBytes: 1e6, maxPassageChars: 600 },
    { corpusId, fileName: "t.csv", bytes: new TextEncoder().encode(`id,text\n${rows.join("\n")}\n`) },
  );
  await drain();
  const modelDir = path.join(dataDir, "tiny");
  writeTinyModel(modelDir, { seed: 5 });
  await enqueuePrepareModel(db, { corpusId, spec: `dir:${modelDir}`, promote: true });
  await drain();
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("cluster job and API", () => {
  it("clusters the corpus by itself once its model is indexed", async () => {
    const jobs = await listJobs(appServices().db, { corpusId });
    expect(jobs.map((j) => j.type)).toContain("cluster");
    expect(jobs.every((j) => j.status === "succeeded")).toBe(true);
    const body = await list();
    expect(body.run!.clusterCount).toBeGreaterThanOrEqual(2);
    expect(body.clusters.reduce((n, c) => n + c.size, 0)).toBe(60);
    expect(body.clusters[0].keywords.length).toBeGreaterThan(0);
    expect(body.job!.status).toBe("succeeded");
  });

  it("serves a cluster with representatives and paged members, the map, the export and passages", async () => {
    const { clusters, run } = await list();
    const first = clusters[0];
    const res = await clusterRoute.GET(url(`/clusters/${first.id}?limit=2`), ctx(first.id));
    const body = await res.json();
    expect(body.members).toHaveLength(Math.min(2, first.size));
    expect(body.total).toBe(first.size);
    expect(body.representatives.length).toBeGreaterThan(0);
    expect(body.representatives[0].text).toMatch(/number/);
    expect(body.run.silhouette).toBe(run!.silhouette);
    expect((await clusterRoute.GET(url("/clusters/999"), ctx(999))).status).toBe(404);

    const map = decodeMapPayload(await (await mapRoute.GET(url("/clusters/map"), ctx())).arrayBuffer());
    expect(map.passageIds.length).toBe(60);
    expect(new Set(map.clusterIds)).toEqual(new Set(clusters.map((c) => c.id)));
    expect(Math.max(...map.xy.map(Math.abs))).toBeLessThanOrEqual(1);
    const jsonMap = await (await mapRoute.GET(url("/clusters/map?format=json"), ctx())).json();
    expect(jsonMap.x).toHaveLength(60);

    const csv = await (await exportRoute.GET(url("/clusters/export?format=csv"), ctx())).text();
    expect(csv.split("\n")[0]).toBe("passage_id,document_id,document_title,cluster_id,cluster_name,x,y");
    expect(csv.trim().split("\n")).toHaveLength(61);
    const exported = await (await exportRoute.GET(url("/clusters/export?format=json"), ctx())).json();
    expect(exported.assignments).toHaveLength(60);

    const passages = await (
      await passagesRoute.GET(url(`/passages?ids=${map.passageIds[0]},${map.passageIds[1]}`), ctx())
    ).json();
    expect(passages.passages).toHaveLength(2);
    expect((await passagesRoute.GET(url("/passages?ids=1;drop"), ctx())).status).toBe(400);
  });

  it("keeps cluster ids and the admin's names across a re-run", async () => {
    const before = await list();
    const target = before.clusters[0];
    const renamed = await clusterRoute.PATCH(
      json(`/clusters/${target.id}`, "PATCH", { name: "Renamed topic" }),
      ctx(target.id),
    );
    expect((await renamed.json()).cluster.displayName).toBe("Renamed topic");
    const res = await listRoute.POST(
      json("/clusters", "POST", { method: "kmeans", k: before.run!.clusterCount }),
      ctx(),
    );
    expect(res.status).toBe(202);
    await drain();
    const after = await list();
    expect(after.run!.id).not.toBe(before.run!.id);
    expect(after.clusters.map((c) => [c.id, c.size]).sort()).toEqual(before.clusters.map((c) => [c.id, c.size]).sort());
    expect(after.clusters.find((c) => c.id === target.id)!.displayName).toBe("Renamed topic");
  });

  it("runs density clustering with outliers assigned, merges clusters and reduces to N topics", async () => {
    expect(
      (
        await listRoute.POST(
          json("/clusters", "POST", { method: "density", minClusterSize: 5, assignOutliers: true }),
          ctx(),
        )
      ).status,
    ).toBe(202);
    await drain();
    const density = await list();
    expect(density.run!.method).toBe("density");
    expect(density.clusters.reduce((n, c) => n + c.size, 0)).toBe(60);

    await listRoute.POST(json("/clusters", "POST", { k: 4 }), ctx());
    await drain();
    const four = await list();
    expect(four.run!.clusterCount).toBe(4);
    const [a, b] = four.clusters.map((c) => c.id);
    expect((await mergeRoute.POST(json("/clusters/merge", "POST", { clusterIds: [a, b] }), ctx())).status).toBe(202);
    await drain();
    const merged = await list();
    expect(merged.run!.clusterCount).toBe(3);
    expect(merged.clusters.map((c) => c.id)).toContain(a);
    expect(merged.clusters.map((c) => c.id)).not.toContain(b);
    expect((await reduceRoute.POST(json("/clusters/reduce", "POST", { topics: 2 }), ctx())).status).toBe(202);
    await drain();
    expect((await list()).run!.clusterCount).toBe(2);
  });

  it("refuses bad input with a clear error and changes nothing", async () => {
    const before = await list();
    const bad = await listRoute.POST(json("/clusters", "POST", { method: "spectral" }), ctx());
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/method/);
    expect(
      (await mergeRoute.POST(json("/clusters/merge", "POST", { clusterIds: [before.clusters[0].id, 12345] }), ctx()))
        .status,
    ).toBe(404);
    expect((await reduceRoute.POST(json("/clusters/reduce", "POST", { topics: 50 }), ctx())).status).toBe(400);
    expect((await clusterRoute.PATCH(json("/clusters/1", "PATCH", { name: 5 }), ctx(1))).status).toBe(400);
    expect((await list()).run!.id).toBe(before.run!.id);
  });
});
