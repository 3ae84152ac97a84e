import "server-only";
import { z } from "zod";
import { clusterSettings } from "@/lib/cluster/cluster-options";
import { latestClusterRun, mapPoints, passageTexts, runAssignments, saveClusterRun } from "@/lib/db/queries/clusters";
import { getModelVersion, liveModelVersion } from "@/lib/db/queries/model-versions";
import type { Db } from "@/lib/db/client";
import { indexFolder } from "@/lib/index/index-manifest";
import { loadIndex } from "@/lib/index/index-store";
import type { ClusterRunInput } from "@/lib/jobs/cluster-run-builder";
import { buildClusterRunOffThread } from "@/lib/jobs/cluster-run-thread";
import type { StageHandler } from "@/lib/jobs/stage-handler";

export const clusterPayload = z.object({
  corpusId: z.number().int(),
  /** The model version whose embeddings are clustered; default the corpus's live one. */
  modelVersionId: z.number().int().optional(),
  settings: clusterSettings.default(clusterSettings.parse({})),
  /** Edit the current clustering instead of clustering anew. */
  edit: z
    .discriminatedUnion("kind", [
      z.object({ kind: z.literal("merge"), clusterIds: z.array(z.number().int()).min(2) }),
      z.object({ kind: z.literal("reduce"), topics: z.number().int().min(1) }),
    ])
    .optional(),
});
export type ClusterPayload = z.infer<typeof clusterPayload>;

/** Thrown when a corpus has nothing to cluster yet; the message is what users read on the jobs page. */
export class NothingToClusterError extends Error {}

/** The embeddings of every indexed passage of a corpus for a model version: `[rows, dim]`. */
async function readEmbeddings(
  indexDir: string,
  corpusId: number,
  modelVersionId: number,
  signal: AbortSignal,
): Promise<{ passageIds: Int32Array; vectors: Float32Array; dim: number }> {
  const key = { corpusId, modelVersionId };
  const { index } = await loadIndex(indexFolder(indexDir, key), { expect: key });
  const passageIds = Int32Array.from(index.ids());
  const vectors = await index.matrixOf(passageIds, { signal });
  return { passageIds, vectors, dim: index.dim };
}

/** The previous run as the builder needs it (assignments, coordinates, the next free id). */
async function previousRun(db: Db, corpusId: number): Promise<ClusterRunInput["previous"]> {
  const run = await latestClusterRun(db, corpusId);
  if (!run) return null;
  const points = await mapPoints(db, run.id);
  const xy = new Map<number, [number, number]>();
  points.passageIds.forEach((id, i) => xy.set(id, [points.xy[i * 2], points.xy[i * 2 + 1]]));
  return { assignments: await runAssignments(db, run.id), xy, nextId: run.notes.nextClusterId ?? 1 };
}

/**
 * Clusters a corpus's passages with one model version's embeddings (k-means or density
 * clustering), names the clusters by c-TF-IDF keywords, lays out the 2-D map, and stores the
 * run in one transaction, replacing the previous run; cluster ids carry over by member overlap.
 * It reruns from the start after a crash: nothing is stored until the end.
 */
export const clusterHandler: StageHandler<ClusterPayload> = {
  parsePayload: (raw) => clusterPayload.parse(raw),

  async run(ctx) {
    const { corpusId, settings, edit } = ctx.payload;
    const version =
      ctx.payload.modelVersionId !== undefined
        ? await getModelVersion(ctx.db, ctx.payload.modelVersionId)
        : await liveModelVersion(ctx.db, corpusId);
    if (!version)
      throw new NothingToClusterError(
        "this corpus has no model yet: clustering starts by itself once its model is ready",
      );
    ctx.progress(0, 100, "reading the embeddings");
    const { passageIds, vectors, dim } = await readEmbeddings(ctx.settings.indexDir, corpusId, version.id, ctx.signal);
    if (passageIds.length === 0)
      throw new NothingToClusterError("the index of this corpus is empty: upload documents first");
    ctx.throwIfStopped();
    const previous = await previousRun(ctx.db, corpusId);
    // Read before the build, which the thread does without a database (it read them first, too).
    const texts = await passageTexts(ctx.db, passageIds);
    // In a worker thread: the heartbeat keeps the lease, and a cancel settles the job at once.
    const built = await buildClusterRunOffThread(
      {
        passageIds,
        vectors,
        dim,
        texts: () => texts,
        settings,
        previous,
        edit,
        onProgress: (fraction, message) => {
          ctx.throwIfStopped();
          ctx.progress(Math.round(fraction * 100), 100, message);
        },
      },
      ctx.signal,
    );
    ctx.progress(99, 100, "saving the clusters");
    const run = await ctx.commit((tx) => saveClusterRun(tx, { ...built, corpusId, modelVersionId: version.id }));
    const outliers = run.outlierCount ? `, ${run.outlierCount} outliers` : "";
    ctx.progress(100, 100, `${run.clusterCount} clusters of ${run.passageCount} passages${outliers}`);
  },
};
