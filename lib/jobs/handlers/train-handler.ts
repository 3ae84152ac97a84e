import "server-only";
import { rmSync } from "node:fs";
import path from "node:path";
import type { Db } from "@/lib/db/client";
import { updateModelVersion } from "@/lib/db/queries/model-versions";
import { loadTrainingDocuments } from "@/lib/db/queries/training-data";
import { parseModelSpec } from "@/lib/model/store/model-store";
import type { EvaluationPoint, TrainingState } from "@/lib/train/checkpoint/training-state";
import { loadPairFile } from "@/lib/train/pairs/stored-pair-file";
import type { TrainerHooks } from "@/lib/train/trainer/trainer";
import { resolveBaseModel } from "@/lib/train/base-model";
import { versionMetrics } from "@/lib/train/version-metrics";
import { runTraining, type TrainingResult } from "@/lib/train/trainer/train-run";
import type { JobHandler } from "@/lib/jobs/job-handler";
import { trainPayload, type TrainPayload } from "@/lib/jobs/handlers/train-payload";
import { TrainingHistoryRecorder } from "@/lib/jobs/training-history-recorder";

/** A training job: which corpus, into which model version, from which base, with which options. */

/** What the job commits with each checkpoint: enough to find the run again and show where it stands. */
export interface TrainCheckpoint {
  runDir: string;
  step: number;
  totalSteps: number;
  best?: { step: number; value: number };
}

function runDirOf(payload: TrainPayload, modelDir: string): string {
  return path.resolve(payload.outputDir ?? path.join(modelDir, "trained", `version-${payload.modelVersionId}`));
}

function readPairs(file: string | undefined) {
  return file === undefined ? undefined : loadPairFile(file);
}

function metricText(e: EvaluationPoint | undefined): string {
  return e ? ` · ${e.primary} ${e.value.toFixed(4)}` : "";
}

/**
 * Trains a model version on a corpus (contrastive fine-tuning, or from scratch), reporting
 * step/total, ETA and a message with sequences/s, the loss and the latest metric; each
 * checkpoint is committed with the job so that a restarted worker resumes from it. At the
 * end the model version gets the model folder (with its ONNX export), status `ready` and
 * its metrics; `curve.json` beside the model holds the training curve.
 */
export const trainHandler: JobHandler<TrainPayload> = {
  parsePayload: (raw) => trainPayload.parse(raw),

  async run(ctx) {
    const { payload, db, settings } = ctx;
    const saved = ctx.checkpoint as TrainCheckpoint | undefined;
    const runDir = saved?.runDir ?? runDirOf(payload, settings.modelDir);
    await updateModelVersion(db, payload.modelVersionId, { status: "training" });
    ctx.progress(
      saved?.step ?? 0,
      saved?.totalSteps ?? 0,
      saved ? `resuming from step ${saved.step}` : "preparing the base model",
    );
    const spec = parseModelSpec(payload.baseModel ?? settings.baseModel);
    const base = await resolveBaseModel(spec, settings, ctx.signal, (m) => ctx.progress(0, 0, m));
    const documents = await loadTrainingDocuments(db, payload.corpusId);
    let lastEval: EvaluationPoint | undefined;
    let [done, total] = [saved?.step ?? 0, saved?.totalSteps ?? 0];
    const history = new TrainingHistoryRecorder(db, payload.modelVersionId);
    const hooks: TrainerHooks = {
      signal: ctx.signal,
      onStep: (p) => {
        // A hook cannot wait: the recorder writes in order meanwhile and keeps the error of a write that
        // failed, which the next hook throws (throwIfFailed) and the flushes below reject with.
        history.throwIfFailed();
        history.step(p).catch(() => {});
        lastEval = p.lastEvaluation ?? lastEval;
        [done, total] = [p.step, p.totalSteps];
        ctx.progress(
          p.step,
          p.totalSteps,
          `step ${p.step}/${p.totalSteps} · ${p.sequencesPerSecond.toFixed(1)} seq/s · loss ${p.loss.toFixed(4)}${metricText(lastEval)}`,
        );
      },
      onEvaluation: (e) => {
        history.throwIfFailed();
        history.evaluation(e).catch(() => {});
        lastEval = e;
      },
      onCheckpoint: async (state: TrainingState) => {
        await history.flush();
        await ctx.commit(async (tx): Promise<TrainCheckpoint> => {
          await updateModelVersion(tx, payload.modelVersionId, {
            metrics: {
              training: {
                step: state.step,
                totalSteps: state.totalSteps,
                best: state.best,
                latest: state.evaluations.at(-1),
              },
            },
          });
          return { runDir, step: state.step, totalSteps: state.totalSteps, best: state.best };
        });
      },
      log: (line) => ctx.progress(done, total, line),
    };
    let result: TrainingResult;
    try {
      result = await runTraining(
        {
          base,
          documents,
          pairFile: readPairs(payload.pairsFile),
          evalPairs: readPairs(payload.evalPairsFile),
          runDir,
          options: payload.options,
          restartOnMismatch: true,
        },
        hooks,
      );
    } finally {
      await history.flush();
    }
    await ctx.commit(async (tx): Promise<TrainCheckpoint> => {
      await updateModelVersion(tx, payload.modelVersionId, {
        status: "ready",
        path: result.modelDir,
        metrics: versionMetrics(result, runDir),
      });
      return {
        runDir,
        step: result.steps,
        totalSteps: result.totalSteps,
        best:
          result.bestStep !== undefined ? { step: result.bestStep, value: result.metrics[result.primary!] } : undefined,
      };
    });
    // The steps run are the whole of a finished run, also when it ended before the plan (early stop, time budget).
    const ended =
      result.steps < result.totalSteps
        ? ` of ${result.totalSteps} planned (stopped early: no improvement, or the time budget was spent)`
        : "";
    ctx.progress(
      result.steps,
      result.steps,
      `trained ${result.steps} steps${ended}${result.primary ? ` · ${result.primary} ${result.metrics[result.primary].toFixed(4)}` : ""}`,
    );
  },

  /**
   * The run folder stays: its last checkpoint is what `POST /api/v1/jobs/{id}/resume` continues
   * from. Only the unfinished model folder goes.
   */
  async cleanup(db: Db, payload, reason, settings) {
    await updateModelVersion(db, payload.modelVersionId, { status: reason === "cancelled" ? "cancelled" : "failed" });
    rmSync(path.join(runDirOf(payload, settings.modelDir), "model"), { recursive: true, force: true });
  },
};
