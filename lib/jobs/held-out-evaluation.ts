import "server-only";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { HeldOutReport } from "@/lib/eval/held-out-report";
import {
  prepareSplit,
  scoreModel,
  type ModelScores,
  type PreparedSplit,
  type SplitEmbeddings,
} from "@/lib/eval/held-out-scores";
import { OnnxEmbedder, type EmbedderLoadOptions } from "@/lib/model/embed/onnx-embedder";
import type { EvalSets } from "@/lib/train/trainer/eval-sets";
import { HELD_OUT_FILE } from "@/lib/train/trainer/train-run";

const texts = z.array(z.string());
const heldOutFile = z.object({
  sts: z.object({ a: texts, b: texts, gold: z.array(z.number()) }).optional(),
  retrieval: z
    .object({ queries: texts, corpus: texts, relevant: z.array(z.array(z.number().int().min(0))) })
    .optional(),
  clustering: z.object({ texts, labels: texts }).optional(),
});

/**
 * The held-out sets a training run wrote to `runDir/heldout.json`; undefined when the run has
 * none (an older run) or they hold nothing to evaluate on.
 * @throws when the file is not valid JSON of that shape (it is written by the trainer only)
 */
export function readHeldOut(runDir: string): EvalSets | undefined {
  const file = path.join(runDir, HELD_OUT_FILE);
  if (!existsSync(file)) return undefined;
  const sets = heldOutFile.parse(JSON.parse(readFileSync(file, "utf8")));
  const retrieval =
    sets.retrieval && sets.retrieval.queries.length > 0 && sets.retrieval.corpus.length > 0
      ? sets.retrieval
      : undefined;
  const sts = sets.sts && sets.sts.a.length > 1 ? sets.sts : undefined;
  return retrieval || sts ? { ...(retrieval ? { retrieval } : {}), ...(sts ? { sts } : {}) } : undefined;
}

/** Embeds a split's texts with one embedder (unit-length rows). */
async function embedSplit(embedder: OnnxEmbedder, sets: EvalSets, signal?: AbortSignal): Promise<SplitEmbeddings> {
  const embed = (list: string[]) => embedder.embed(list, { normalize: true, signal });
  const out: SplitEmbeddings = { dim: embedder.dim };
  if (sets.retrieval)
    [out.queries, out.corpus] = [await embed(sets.retrieval.queries), await embed(sets.retrieval.corpus)];
  if (sets.sts) [out.stsA, out.stsB] = [await embed(sets.sts.a), await embed(sets.sts.b)];
  return out;
}

/** Scores the model in `modelDir` on a split, embedding with its served ONNX graph (as the index job does). */
export async function scoreModelDir(
  modelDir: string,
  split: PreparedSplit,
  signal?: AbortSignal,
  embedding: HeldOutEmbedding = {},
): Promise<ModelScores> {
  const embedder = await OnnxEmbedder.load(modelDir, embedding);
  try {
    return scoreModel(split, await embedSplit(embedder, split.sets, signal));
  } finally {
    await embedder.dispose();
  }
}

/** How the held-out evaluation embeds (the worker's `COGNATE_THREADS` and `COGNATE_EMBED_PRECISION`); default the embedder's own defaults. */
export type HeldOutEmbedding = Pick<EmbedderLoadOptions, "threads" | "precision">;

/** What {@link evaluateHeldOut} compares on one split. */
export interface HeldOutTargets {
  /** The run folder whose `heldout.json` is the split. */
  runDir: string;
  /** The trained model's folder. */
  trainedDir: string;
  /** The base model's folder before training, when it can be embedded. */
  baseDir?: string;
  /** The version serving now (a folder with an ONNX graph), compared on the same split. */
  live?: { modelVersionId: number; name: string; dir: string };
  /** How to embed, as the index job does. */
  embedding?: HeldOutEmbedding;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

/**
 * Evaluates the trained model, its base and the live version on the run's held-out split, with
 * the keyword baselines and the hybrid fusion that suits the trained model there. A base or live
 * model that cannot be loaded is left out (and logged); undefined when the run has no split.
 */
export async function evaluateHeldOut(t: HeldOutTargets): Promise<HeldOutReport | undefined> {
  const sets = readHeldOut(t.runDir);
  if (!sets) return undefined;
  const log = t.log ?? (() => {});
  const split = prepareSplit(sets);
  log("held-out evaluation: the trained model");
  const trained = await scoreModelDir(t.trainedDir, split, t.signal, t.embedding);
  // One folder is embedded once, even when it is both the base and the live version.
  const done = new Map<string, ModelScores | undefined>([[path.resolve(t.trainedDir), trained]]);
  const optional = async (what: string, dir: string | undefined) => {
    if (!dir) return undefined;
    const key = path.resolve(dir);
    if (!done.has(key)) {
      log(`held-out evaluation: ${what}`);
      done.set(
        key,
        await scoreModelDir(dir, split, t.signal, t.embedding).catch((err: Error) => {
          t.signal?.throwIfAborted();
          log(`held-out evaluation: ${what} left out (${err.message})`);
          return undefined;
        }),
      );
    }
    return done.get(key);
  };
  const base = await optional("the base model", t.baseDir);
  const live = t.live && (await optional("the live version", t.live.dir));
  return {
    split: {
      queries: sets.retrieval?.queries.length ?? 0,
      documents: sets.retrieval?.corpus.length ?? 0,
      stsPairs: sets.sts?.a.length ?? 0,
    },
    baselines: split.baselines,
    trained,
    ...(base ? { base } : {}),
    ...(live && t.live ? { live: { ...live, modelVersionId: t.live.modelVersionId, name: t.live.name } } : {}),
    ...(trained.retrieval ? { fusion: trained.retrieval.fusion } : {}),
    evaluatedAt: Math.floor(Date.now() / 1000),
  };
}
