import "server-only";
import path from "node:path";
import { z } from "zod";
import { createModelVersion, type ModelSource } from "@/lib/db/queries/model-versions";
import { ensureModel, parseModelSpec } from "@/lib/model/store/model-store";
import { exportServingGraphs } from "@/lib/model/onnx/onnx-export";
import type { StageHandler } from "@/lib/jobs/stage-handler";

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

/** What preparing ended with: a new model version to index, or (hub unreachable) a scratch model to train instead. */
export type PrepareModelOutcome = { modelVersionId: number; name: string } | { fallback: true };

/**
 * Gets a pretrained base model for a corpus (downloaded once into the model store with progress,
 * or a local folder), exports its ONNX graph for serving and records it as a model version, which
 * the pipeline then indexes; when the hub cannot be reached and the payload allows it, says so
 * instead, and the pipeline trains a model from scratch.
 */
export const prepareModelHandler: StageHandler<PrepareModelPayload, PrepareModelOutcome> = {
  parsePayload: (raw) => prepareModelPayload.parse(raw),

  async run(ctx) {
    const { corpusId, spec } = ctx.payload;
    const parsed = parseModelSpec(spec);
    if (parsed.kind === "scratch")
      throw new Error("a scratch model is trained, not prepared: start a training job with base scratch");
    const cfg = ctx.settings;
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
      ctx.progress(
        1,
        1,
        `${(err as Error).message.split(" (")[0]}: training a model from scratch on this corpus instead`,
      );
      return { fallback: true };
    }
    ctx.progress(0, 0, "exporting the ONNX graphs (fp32 and int8)");
    await exportServingGraphs(dir);
    const source: ModelSource = parsed.kind;
    // Only the folder's name: API answers must not reveal server paths.
    const name = parsed.kind === "hub" ? parsed.repo : path.basename(dir);
    const { modelVersionId } = await ctx.commit(async (tx) => {
      const version = await createModelVersion(tx, {
        corpusId,
        name,
        source,
        baseModel: spec,
        path: dir,
        status: "indexing",
      });
      return { modelVersionId: version.id };
    });
    ctx.progress(1, 1, `ready: ${name}`);
    return { modelVersionId, name };
  },
};
