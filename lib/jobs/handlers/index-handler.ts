import "server-only";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import {
  getModelVersion,
  liveModelVersion,
  promoteModelVersion,
  updateModelVersion,
} from "@/lib/db/queries/model-versions";
import { passageIds, passagesWithContext } from "@/lib/db/queries/passages";
import { indexFolder, MANIFEST_FILE, type IndexKey } from "@/lib/index/index-manifest";
import { tuneSearchAsync } from "@/lib/index/search-tuner";
import { loadIndex, saveIndex } from "@/lib/index/index-store";
import { VectorIndex } from "@/lib/index/vector-index";
import { OnnxEmbedder } from "@/lib/model/embed/onnx-embedder";
import type { JobContext } from "@/lib/jobs/job-handler";
import type { StageHandler } from "@/lib/jobs/stage-handler";

export const indexPayload = z.object({
  corpusId: z.number().int(),
  modelVersionId: z.number().int(),
  /** Make this version live when its index is complete (the first version of a corpus always is). */
  promote: z.boolean().default(false),
});
export type IndexPayload = z.infer<typeof indexPayload>;

/** What an index job did: whether passages came or went, and whether its version was live before it ran. */
export interface IndexOutcome {
  changed: boolean;
  wasLive: boolean;
}

const CHUNK = 256;
/** A partial index is saved this often, so a restarted job resumes from it instead of from zero. */
const SAVE_EVERY_MS = 60_000;

async function openIndex(folder: string, key: IndexKey, dim: number): Promise<VectorIndex> {
  if (!fs.existsSync(path.join(folder, MANIFEST_FILE))) return VectorIndex.create({ dim, maxElements: 1024 });
  return (await loadIndex(folder, { expect: key })).index;
}

/** Ids to add (passages not yet indexed) and to drop (indexed passages that no longer exist). */
function diff(wanted: number[], index: VectorIndex): { add: number[]; drop: number[] } {
  const have = new Set(index.ids());
  const want = new Set(wanted);
  return { add: wanted.filter((id) => !have.has(id)), drop: [...have].filter((id) => !want.has(id)) };
}

async function embedMissing(
  ctx: JobContext<IndexPayload>,
  embedder: OnnxEmbedder,
  index: VectorIndex,
  ids: number[],
  save: () => Promise<unknown>,
) {
  let lastSave = Date.now();
  for (let i = 0; i < ids.length; i += CHUNK) {
    ctx.throwIfStopped();
    const rows = await passagesWithContext(ctx.db, ids.slice(i, i + CHUNK));
    const vectors = await embedder.embed(
      rows.map((r) => r.text),
      { signal: ctx.signal },
    );
    index.add(
      rows.map((r) => r.passageId),
      vectors,
    );
    ctx.progress(Math.min(ids.length, i + CHUNK), ids.length, `embedding passages`);
    if (Date.now() - lastSave > SAVE_EVERY_MS) {
      await save();
      lastSave = Date.now();
    }
  }
}

/**
 * Chooses how the index searches by default (the fastest of the graph, the int8 and binary
 * scans and the exact scan that reaches recall@10 ≥ 0.95 against exact search on this corpus), when the index
 * is new or changed by a tenth since it was last tuned.
 */
async function retuneSearch(ctx: JobContext<IndexPayload>, index: VectorIndex, changed: number): Promise<string> {
  if (changed === 0 || changed < 0.1 * index.size) return "";
  ctx.progress(0, 0, "tuning search against exact search");
  const tuning = await tuneSearchAsync(index, { signal: ctx.signal });
  index.setSearchDefaults({ ef: tuning.ef, mode: tuning.mode, candidates: tuning.candidates });
  const how = {
    exact: "exact search",
    hnsw: `HNSW at ef ${tuning.ef}`,
    int8: `int8 scan rescoring ${tuning.candidates}`,
    binary: `binary scan rescoring ${tuning.candidates}`,
  }[tuning.mode];
  return `; ${how}, recall@10 ${tuning.recall.toFixed(3)}`;
}

/**
 * Brings a model version's HNSW index of a corpus up to date: embeds the passages it lacks,
 * marks those deleted from the corpus, compacts when many are deleted, and saves atomically.
 * Partial progress is saved every minute, so a restarted job picks up where the last save was.
 * A new version goes live only when its index is complete; until then the old one serves.
 */
export const indexHandler: StageHandler<IndexPayload, IndexOutcome> = {
  parsePayload: (raw) => indexPayload.parse(raw),

  async run(ctx) {
    const { corpusId, modelVersionId } = ctx.payload;
    const version = await getModelVersion(ctx.db, modelVersionId);
    if (!version?.path) throw new Error(`model version ${modelVersionId} has no model folder; prepare the model again`);
    const cfg = ctx.settings;
    const key = { corpusId, modelVersionId };
    const folder = indexFolder(cfg.indexDir, key);
    ctx.progress(0, 0, "loading the model");
    const embedder = await OnnxEmbedder.load(version.path, { threads: cfg.threads, precision: cfg.embedPrecision });
    ctx.progress(0, 0, `embedding with the ${embedder.graphDescription()} ONNX graph`);
    let changed: boolean;
    try {
      const index = await openIndex(folder, key, embedder.dim);
      const { add, drop } = diff(await passageIds(ctx.db, corpusId), index);
      if (drop.length) index.markDeleted(drop);
      changed = add.length + drop.length > 0;
      // The job's signal and lease fence the save: a runner whose lease was taken over renames nothing.
      const lock = { owner: `job ${ctx.job.id} attempt ${ctx.job.attempts}`, ttlMs: cfg.leaseMs };
      const save = () => saveIndex(cfg.indexDir, key, index, { signal: ctx.signal, lock });
      await embedMissing(ctx, embedder, index, add, save);
      if (index.needsCompaction()) await index.compactAsync({ signal: ctx.signal });
      const tuned = await retuneSearch(ctx, index, add.length + drop.length);
      await save();
      ctx.progress(
        add.length,
        add.length,
        `index holds ${index.size} passages (${add.length} added, ${drop.length} removed; ${embedder.graphDescription()} graph)${tuned}`,
      );
    } finally {
      await embedder.dispose();
    }
    if (version.status !== "live" && (ctx.payload.promote || !(await liveModelVersion(ctx.db, corpusId))))
      await promoteModelVersion(ctx.db, corpusId, modelVersionId);
    else if (version.status !== "live") await updateModelVersion(ctx.db, modelVersionId, { status: "ready" });
    return { changed, wasLive: version.status === "live" };
  },

  async cleanup(db, payload) {
    // A version that never got a complete index cannot serve; say so instead of "indexing" forever.
    const version = await getModelVersion(db, payload.modelVersionId);
    if (version?.status === "indexing") await updateModelVersion(db, payload.modelVersionId, { status: "failed" });
  },
};
