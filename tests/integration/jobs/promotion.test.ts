import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { adminRequest, TEST_MASTER_KEY } from "@/tests/helpers/api-auth";
import { heldOutReportOf } from "@/lib/eval/held-out-report";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-promotion-"));
process.env.COGNATE_DATA_DIR = dataDir;
process.env.COGNATE_MASTER_KEY = TEST_MASTER_KEY;

const promoteRoute = await import("@/app/api/v1/models/[id]/promote/route");
const { appServices } = await import("@/lib/app-services");
const { createCorpus } = await import("@/lib/db/queries/corpora");
const { insertDocuments } = await import("@/lib/db/queries/documents");
const { listAudit } = await import("@/lib/db/queries/audit-log");
const { createModelVersion, getModelVersion, liveModelVersion, updateModelVersion } =
  await import("@/lib/db/queries/model-versions");
const { jobHandlers } = await import("@/lib/jobs/handlers");
const { trainHandler } = await import("@/lib/jobs/handlers/train-handler");
const { enqueueIndex, enqueueTraining } = await import("@/lib/pipeline/stage-jobs");
const { runWorkerLoop } = await import("@/lib/jobs/worker-loop");
const { saveModelFolder } = await import("@/lib/model/store/model-folder");
const { passageHash } = await import("@/lib/ingest/passages/passage-hash");
const { HELD_OUT_FILE } = await import("@/lib/train/trainer/train-run");
const { makeAccounts } = await import("@/tests/helpers/principals");
const { writeTinyModel } = await import("@/tests/fixtures/tiny-model");

const TEXTS = [
  "the dog runs in the park",
  "a man plays the guitar",
  "the market price of oil",
  "a bird flies over the sea",
  "two children play a ball game",
  "a woman is cooking food",
  "the police report on the attack",
  "a horse in the green field",
  "snow on the mountain road",
  "a cat sits on the chair",
  "the bank raised the price of its stock",
  "a boy rides a red bike down the street",
];
/** Queries equal to the last two texts: an encoder that sees words finds them first; a constant one ranks by row order and misses them. */
const SPLIT = { retrieval: { queries: TEXTS.slice(10), corpus: TEXTS, relevant: [[10], [11]] } };

const { db, cfg } = appServices();
const drain = () =>
  runWorkerLoop(db, {
    handlers: jobHandlers,
    leaseMs: 10_000,
    pollMs: 10,
    signal: new AbortController().signal,
    untilIdle: true,
  });
const good = path.join(dataDir, "good");
const constant = path.join(dataDir, "constant");
let corpusId: number;

/** A model whose every text gets the same embedding: all weights zero, LayerNorm biases a constant. */
function writeConstantModel(dir: string) {
  const { config, weights, vocab } = writeTinyModel(dir, { seed: 5 });
  const flat = new Map(
    [...weights].map(([name, t]) => [
      name,
      { shape: t.shape, data: new Float32Array(t.data.length).fill(name.endsWith("LayerNorm.bias") ? 0.1 : 0) },
    ]),
  );
  saveModelFolder(dir, { config, weights: flat, tokenizer: { vocab }, pooling: { mode: "mean", normalize: true } });
}

/** Stands in for training: the run folder gets `model` (a copy of `from`) and the held-out split, as a run writes them. */
function fakeTraining(from: string) {
  vi.spyOn(trainHandler, "run").mockImplementation(async (ctx) => {
    const runDir = ctx.payload.outputDir!;
    fs.cpSync(from, path.join(runDir, "model"), { recursive: true });
    fs.writeFileSync(path.join(runDir, HELD_OUT_FILE), JSON.stringify(SPLIT));
    await updateModelVersion(ctx.db, ctx.payload.modelVersionId, {
      status: "ready",
      path: path.join(runDir, "model"),
      metrics: { primary: "retrieval_ndcg@10", "retrieval_ndcg@10": 0.5, baseline: { "retrieval_ndcg@10": 0.4 } },
    });
    ctx.progress(1, 1, "trained 1 steps");
  });
}

async function trainVersion(name: string, from: string) {
  fakeTraining(from);
  const version = await createModelVersion(db, {
    corpusId,
    name,
    source: "finetuned",
    baseModel: `dir:${good}`,
    status: "pending",
  });
  await enqueueTraining(db, {
    corpusId,
    modelVersionId: version.id,
    baseModel: `dir:${good}`,
    outputDir: path.join(dataDir, "runs", name),
  });
  await drain();
  return (await getModelVersion(db, version.id))!;
}

const searchModel = async () =>
  (await appServices().search.search({ query: "price of oil", mode: "dense", corpusId, k: 1 })).models?.[0]
    ?.modelVersionId;

beforeAll(async () => {
  writeTinyModel(good, { seed: 1 });
  writeConstantModel(constant);
  corpusId = (await createCorpus(db, { name: "promotion" })).id;
  const docs = TEXTS.map((text, i) => ({
    title: `doc ${i}`,
    text,
    metadata: {},
    passages: [{ ordinal: 0, text, start: 0, end: text.length, hash: passageHash(text) }],
  }));
  await insertDocuments(db, { corpusId, uploadId: null, firstOrdinal: 0 }, docs);
  // The version serving at first: the constant model, indexed and live.
  const first = await createModelVersion(db, {
    corpusId,
    name: "constant",
    source: "dir",
    baseModel: `dir:${constant}`,
    path: constant,
    status: "indexing",
  });
  await enqueueIndex(db, { corpusId, modelVersionId: first.id, promote: true });
  await drain();
  expect((await liveModelVersion(db, corpusId))?.id).toBe(first.id);
});
afterAll(() => {
  vi.restoreAllMocks();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("promotion after training, on the run's held-out split against the live version", () => {
  let better: Awaited<ReturnType<typeof trainVersion>>;

  it("serves a version that beats the live one, stores the evaluation and its learnt fusion, and search uses both", async () => {
    better = await trainVersion("better", good);
    const metrics = better.metrics;
    const heldout = heldOutReportOf(metrics)!;
    expect(metrics.promotion).toEqual({ promoted: true, reason: "serves: held-out nDCG@10 1.000 vs live 0.000" });
    expect(heldout.trained.retrieval?.dense).toEqual({ ndcg: 1, mrr: 1 });
    expect(heldout.live).toMatchObject({ name: "constant", retrieval: { dense: { ndcg: 0, mrr: 0 } } });
    expect(heldout.baselines.retrieval?.bm25.ndcg).toBeGreaterThan(0.9);
    expect(heldout.base?.retrieval?.dense.ndcg).toBe(1); // the base is the same folder as the trained copy
    expect(better.status).toBe("live");
    expect(await searchModel()).toBe(better.id);
    const hybrid = await appServices().search.search({ query: "price of oil", mode: "hybrid", corpusId, k: 3 });
    expect(hybrid.fusion).toEqual({ ...heldout.fusion, source: "learnt" });
  });

  it("keeps a version that does worse than the live one, with the reason, and search stays on the live one", async () => {
    const worse = await trainVersion("worse", constant);
    expect(worse.metrics.promotion).toEqual({
      promoted: false,
      reason: "kept, not served: held-out nDCG@10 0.000 vs live 1.000",
    });
    expect(worse.status).toBe("ready");
    expect((await liveModelVersion(db, corpusId))?.id).toBe(better.id);
    expect(await searchModel()).toBe(better.id);
  });
});

describe("POST /api/v1/models/{id}/promote", () => {
  const post = (id: number, headers: Record<string, string> = {}, body?: unknown) =>
    promoteRoute.POST(
      adminRequest(`http://localhost/api/v1/models/${id}/promote`, {
        method: "POST",
        headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      }),
      { params: Promise.resolve({ id: String(id) }) },
    );

  it("serves the chosen version at once (a rollback), audited; search uses it", async () => {
    const kept = (await liveModelVersion(db, corpusId))!;
    const worse = (await getModelVersion(db, kept.id + 1))!;
    const res = await post(worse.id, {}, { note: "try it" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      outcome: "live",
      previous: { id: kept.id },
      modelVersion: { id: worse.id, status: "live" },
    });
    expect((await getModelVersion(db, kept.id))!.status).toBe("retired");
    expect(await searchModel()).toBe(worse.id);
    expect(((await getModelVersion(db, worse.id))!.metrics.promotion as { reason: string }).reason).toMatch(
      /^serves: chosen by hand by master key in place of version \d+$/,
    );
    expect((await listAudit(db))[0]).toMatchObject({
      action: "POST /api/v1/models/{id}/promote",
      detail: `serve model version ${worse.id} for corpus ${corpusId} in place of version ${kept.id}: try it`,
    });
    // And back to the retired version.
    expect((await post(kept.id)).status).toBe(200);
    expect(await searchModel()).toBe(kept.id);
    expect((await (await post(kept.id)).json()).outcome).toBe("unchanged");
  });

  it("answers 403 to a non-admin, 404 for an unknown version, 409 for one that cannot serve", async () => {
    const { userSession } = await makeAccounts(db);
    const live = (await liveModelVersion(db, corpusId))!;
    const other = live.id + 1;
    const asUser = await promoteRoute.POST(
      new Request(`http://localhost/api/v1/models/${other}/promote`, { method: "POST", headers: await userSession() }),
      { params: Promise.resolve({ id: String(other) }) },
    );
    expect(asUser.status).toBe(403);
    expect((await liveModelVersion(db, corpusId))!.id).toBe(live.id);
    expect((await post(999_999)).status).toBe(404);
    const pending = await createModelVersion(db, {
      corpusId,
      name: "pending",
      source: "finetuned",
      baseModel: "scratch",
      status: "training",
    });
    const refused = await post(pending.id);
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.message).toMatch(/is training: only a ready or retired version/);
    expect(cfg.indexDir).toBe(path.join(dataDir, "indexes"));
  });
});
