import "server-only";
import path from "node:path";
import { getModelVersion, liveModelVersion, recordMetrics } from "@/lib/db/queries/model-versions";
import { writeTransaction } from "@/lib/db/client";
import type { ModelVersion } from "@/lib/db/schema";
import type { HeldOutReport, PromotionDecision } from "@/lib/eval/held-out-report";
import { baselinePromotion, heldOutPromotion } from "@/lib/eval/promotion-decision";
import { evaluateHeldOut } from "@/lib/jobs/held-out-evaluation";
import type { JobContext, JobSettings } from "@/lib/jobs/job-handler";
import type { StageHandler } from "@/lib/jobs/stage-handler";
import { parseModelSpec, storedHubModel } from "@/lib/model/store/model-store";
import { trainHandler } from "@/lib/jobs/handlers/train-handler";
import type { TrainPayload } from "@/lib/jobs/handlers/train-payload";

/**
 * Whether a freshly trained version should replace the live one: always when nothing is live,
 * otherwise only when it beats, on the corpus's evaluation set, the score its base had before training.
 * (The fallback when no held-out comparison with the live version can be made.)
 */
export function shouldPromote(trained: ModelVersion, live: ModelVersion | undefined): boolean {
  if (!live) return true;
  const metrics = trained.metrics;
  const primary = metrics.primary;
  if (!primary || typeof metrics[primary] !== "number") return false;
  const before = metrics.baseline?.[primary];
  return before === undefined || (metrics[primary] as number) > before;
}

/**
 * The decision after training: on the run's held-out split against the live version when both
 * could be scored, else by {@link shouldPromote}; with the reason in words.
 */
export function promotionDecision(
  trained: ModelVersion,
  live: ModelVersion | undefined,
  report: HeldOutReport | undefined,
): PromotionDecision {
  const held = heldOutPromotion(report, !!live);
  if (held) return held;
  const metrics = trained.metrics;
  const name = metrics.primary ?? "metric";
  const after = typeof metrics[name] === "number" ? (metrics[name] as number) : undefined;
  return baselinePromotion(shouldPromote(trained, live), { name, after, before: metrics.baseline?.[name] });
}

/**
 * The base model's folder as it was before training, found without any request (a hub model
 * was downloaded into the store for the run; a scratch base lives in the run folder).
 */
function baseModelDir(
  payload: TrainPayload,
  runDir: string,
  settings: Pick<JobSettings, "baseModel" | "modelDir">,
): string | undefined {
  try {
    const spec = parseModelSpec(payload.baseModel ?? settings.baseModel);
    if (spec.kind === "scratch") return path.join(runDir, "base");
    if (spec.kind === "dir") return path.resolve(spec.path);
    return storedHubModel(settings.modelDir, spec.repo, spec.revision);
  } catch {
    return undefined;
  }
}

/** Scores the trained version, its base and the live version on the run's held-out split. */
async function heldOutReport(
  ctx: JobContext<TrainPayload>,
  trained: ModelVersion,
  live: ModelVersion | undefined,
  log: (line: string) => void,
): Promise<HeldOutReport | undefined> {
  if (!trained.path) return undefined;
  const runDir = path.dirname(trained.path);
  return evaluateHeldOut({
    runDir,
    trainedDir: trained.path,
    baseDir: baseModelDir(ctx.payload, runDir, ctx.settings),
    live: live?.path ? { modelVersionId: live.id, name: live.name, dir: live.path } : undefined,
    embedding: { threads: ctx.settings.threads, precision: ctx.settings.embedPrecision },
    signal: ctx.signal,
    log,
  });
}

/** What a training job decided: the version's name, and whether it should serve once indexed. */
export interface TrainOutcome {
  name: string;
  promote: boolean;
}

/**
 * The training job as the queue runs it (type `train`): train (resumable), then evaluate the new
 * version, its base and the live version on the run's held-out split, and decide whether the new
 * version should serve: only if it beat the live version there. The verdict and the reason are
 * stored on the version (`promotion`), the evaluation under `heldout`. The pipeline then indexes
 * the version (the old one keeps serving until the new index is complete).
 */
export const trainJobHandler: StageHandler<TrainPayload, TrainOutcome> = {
  ...trainHandler,
  async run(ctx) {
    // The evaluation reports under the training's last progress, so the bar stays where training left it.
    let last = { done: 0, total: 0, message: "" };
    const progress: JobContext<TrainPayload>["progress"] = (done, total, message) => {
      last = { done, total, message: message ?? last.message };
      ctx.progress(done, total, message);
    };
    await trainHandler.run({ ...ctx, progress });
    const { corpusId, modelVersionId } = ctx.payload;
    const live = await liveModelVersion(ctx.db, corpusId);
    const log = (line: string) => ctx.progress(last.done, last.total, line);
    const report = await heldOutReport(ctx, (await getModelVersion(ctx.db, modelVersionId))!, live, log);
    const { decision, name } = await writeTransaction(ctx.db, async (tx) => {
      const trained = (await getModelVersion(tx, modelVersionId))!;
      const decided = promotionDecision(trained, await liveModelVersion(tx, corpusId), report);
      await recordMetrics(tx, modelVersionId, { ...(report ? { heldout: report } : {}), promotion: decided });
      return { decision: decided, name: trained.name };
    });
    ctx.progress(last.done, last.total, `${last.message} · ${decision.reason}`);
    return { name, promote: decision.promoted };
  },
};
