import path from "node:path";
import { z } from "zod";
import { config } from "@/lib/config";
import { createModelVersion, type ModelSource } from "@/lib/db/queries/model-versions";
import { ensureModel, parseModelSpec } from "@/lib/model/store/model-store";
import { exportServingGraphs } from "@/lib/model/onnx/onnx-export";
import type { JobHandler } from "@/lib/jobs/job-handler";
import { enqueueIndex, enqueueScratchTraining } from "@/lib/jobs/model-pipeline";

/** The model store's error for an endpoint that does not answer (see hub-download.ts `unreachable`). */
function isUnreachable(err: unknown): boolean {
  return err instanceof Error && err.message.startsWith("cannot reach ");
}

export const prepareModelPayload = z.object({
  corpusId: z.number().int(),
  /** hub:ID[@rev] or dir:PATH. */
  spec: z.string(),
  /** Make the new version live once indexed, even if the corpus already has one. */
  promote: z.boolean().default(false),
  /** When the hub cannot be reached, train a model from scratch on the corpus instead of failing. */
  fallbackToScratch: z.boolean().default(false),
});
export type PrepareModelPayload = z.infer<typeof prepareModelPayload>;

/**
 * Gets a pretrained base model for a corpus (downloaded once into the model store with progress,
 * or a local folder), exports its ONNX graph for serving, records it as a model version and
 * queues the index job that embeds the corpus with it.
 */
export const prepareModelHandler: JobHandler<PrepareModelPayload> = {
  parsePayload: (raw) => prepareModelPayload.parse(raw),

  async run(ctx) {
    const { corpusId, spec, promote } = ctx.payload;
    const parsed = parseModelSpec(spec);
    if (parsed.kind === "scratch")
      throw new Error("a scratch model is trained, not prepared: start a training job with base scratch");
    const cfg = config();
    ctx.progress(0, 0, `getting ${spec}`);
    let dir: string;
    try {
      dir = await ensureModel(parsed, {
        storeDir: cfg.modelDir,
        endpoint: cfg.hfEndpoint,
        maxBytes: cfg.maxModelBytes,
        redirectHosts: cfg.hubRedirectHosts,
        signal: ctx.signal,
        onProgress: (p) => ctx.progress(p.bytes, p.totalBytes, `downloading ${p.file}`),
      });
    } catch (err) {
      if (!ctx.payload.fallbackToScratch || !isUnreachable(err)) throw err;
      ctx.commit((tx) => ({
        modelVersionId: enqueueScratchTraining(
          tx,
          corpusId,
          "Train a model from scratch (the model hub cannot be reached)",
        ).id,
        fallback: true,
      }));
      ctx.progress(
        1,
        1,
        `${(err as Error).message.split(" (")[0]}: training a model from scratch on this corpus instead`,
      );
      return;
    }
    ctx.progress(0, 0, "exporting the ONNX graphs (fp32 and int8)");
    await exportServingGraphs(dir);
    const source: ModelSource = parsed.kind;
    // Only the folder's name: API answers must not reveal server paths.
    const name = parsed.kind === "hub" ? parsed.repo : path.basename(dir);
    ctx.commit((tx) => {
      const version = createModelVersion(tx, {
        corpusId,
        name,
        source,
        baseModel: spec,
        path: dir,
        status: "indexing",
      });
      enqueueIndex(tx, { corpusId, modelVersionId: version.id, promote }, `Embed and index with ${name}`);
      return { modelVersionId: version.id };
    });
    ctx.progress(1, 1, `ready: ${name}`);
  },
};
