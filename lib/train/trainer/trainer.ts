import type { Tokenizer } from "@/lib/model/tokenizer/tokenizer";
import { writeCheckpoint } from "@/lib/train/checkpoint/checkpoint-store";
import type { EvaluationPoint, TrainingState } from "@/lib/train/checkpoint/training-state";
import type { NegativeSampler } from "@/lib/train/negatives/negative-sampler";
import type { BatchSampler } from "@/lib/train/pairs/batch-sampler";
import { deriveSeed } from "@/lib/train/pairs/derive-seed";
import { learningRateAt, warmupStepsOf, type LearningRateSchedule } from "@/lib/train/schedules/learning-rate-schedule";
import { embedTexts } from "@/lib/train/trainer/embed-texts";
import type { ReplicaState } from "@/lib/train/trainer/replica-host";
import type { TrainingEngine } from "@/lib/train/trainer/training-engine";
import type { TrainingEvaluator } from "@/lib/train/trainer/training-evaluator";
import { encodeBatch, sequenceCount } from "@/lib/train/trainer/training-batch";

/** Progress after each step, for job progress and terminals. */
export interface StepProgress {
  step: number;
  totalSteps: number;
  loss: number;
  lr: number;
  gradNorm: number;
  source: string;
  sequencesPerSecond: number;
  etaSeconds: number;
  /** Seconds of training so far (a resumed run continues the count). */
  elapsedSeconds: number;
  lastEvaluation?: EvaluationPoint;
}

/** Callbacks of a training run; all optional. */
export interface TrainerHooks {
  /** Checked between steps; an abort saves a checkpoint and throws the signal's reason. */
  signal?: AbortSignal;
  onStep?(progress: StepProgress): void;
  onEvaluation?(evaluation: EvaluationPoint, improved: boolean): void;
  /** After each checkpoint is on disk (the job handler commits its step here). */
  onCheckpoint?(state: TrainingState): void | Promise<void>;
  log?(line: string): void;
}

/** Throws the signal's reason (or a plain error) once it is aborted: a cancel or a shutdown. */
export function throwIfStopped(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error("training was stopped");
}

/** The numbers that drive the loop. */
export interface TrainerSettings {
  totalSteps: number;
  batchSize: number;
  accumulation: number;
  fullBatch: boolean;
  maxGradNorm?: number;
  maxLength: number;
  schedule: LearningRateSchedule;
  evalEvery: number;
  checkpointEvery: number;
  /** Evaluations without improvement before stopping, counted once warm-up is over; 0 = never. */
  patience: number;
  /** Seconds of training after which the run ends as if at its last step (a time budget). */
  deadlineSeconds?: number;
  minDelta: number;
  seed: number;
}

/** What the loop works with. */
export interface TrainerParts {
  engine: TrainingEngine;
  tokenizer: Tokenizer;
  sampler: BatchSampler;
  negatives: NegativeSampler;
  evaluator?: TrainingEvaluator;
  /** Folder of the resumable checkpoint (`…/checkpoints/last`). */
  checkpointDir: string;
  /** Keeps the weights of a new best evaluation (the caller writes them as a model folder). */
  saveBest(state: ReplicaState, evaluation: EvaluationPoint): void | Promise<void>;
}

/**
 * The training loop: draw a batch (one source per batch, no text twice), add negatives,
 * tokenize, one engine step (gradients, clipping, AdamW at the scheduled rate); evaluate
 * every `evalEvery` steps and at the end, keeping the best weights and stopping after
 * `patience` evaluations without improvement; checkpoint every `checkpointEvery` steps.
 * A checkpoint holds weights, AdamW moments, the step, the sampler position and the
 * curve, so a resumed run continues exactly where the checkpoint was taken.
 */
export class Trainer {
  private rate = 0;
  private mostPieces = 0;
  private outOfTime = false;

  constructor(
    private readonly parts: TrainerParts,
    private readonly settings: TrainerSettings,
    private readonly hooks: TrainerHooks = {},
  ) {}

  private log(line: string): void {
    this.hooks.log?.(line);
  }

  /** Runs from `state` (fresh, or restored with the engine) to the end; returns the final state. */
  async run(state: TrainingState): Promise<TrainingState> {
    const { settings } = this;
    throwIfStopped(this.hooks.signal);
    if (state.step === 0 && state.evaluations.length === 0 && this.parts.evaluator) await this.evaluate(state);
    let lastCheckpoint = state.step;
    const startedAt = performance.now() - state.elapsedSeconds * 1000;
    while (state.step < settings.totalSteps && !state.stopped) {
      // A replica in this thread computes synchronously: without this yield, timers (the job's
      // lease heartbeat, which also delivers a cancel) would not run until the whole run ends.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.hooks.signal?.aborted) {
        if (state.step > lastCheckpoint) await this.checkpoint(state, startedAt);
        throwIfStopped(this.hooks.signal);
      }
      await this.step(state, startedAt);
      const timeUp =
        settings.deadlineSeconds !== undefined &&
        state.elapsedSeconds >= settings.deadlineSeconds &&
        state.step < settings.totalSteps;
      if (timeUp) {
        this.outOfTime = true;
        this.log(
          `time budget reached at step ${state.step} of ${settings.totalSteps}: evaluating and keeping the best model`,
        );
        state.stopped = true;
      }
      const last = state.step === settings.totalSteps || timeUp;
      if (this.parts.evaluator && (state.step % settings.evalEvery === 0 || last)) await this.evaluate(state);
      if (state.step % settings.checkpointEvery === 0 || last || state.stopped) {
        await this.checkpoint(state, startedAt);
        lastCheckpoint = state.step;
      }
    }
    if (state.stopped && !this.outOfTime)
      this.log(
        `early stop at step ${state.step}: no improvement in ${settings.patience} evaluations (best ${state.best?.value.toFixed(4)} at step ${state.best?.step})`,
      );
    return state;
  }

  private async step(state: TrainingState, startedAt: number): Promise<void> {
    const { engine, tokenizer, sampler, negatives } = this.parts;
    const { settings } = this;
    const began = performance.now();
    const drawn = sampler.next(settings.batchSize);
    const filled = await negatives.fill(drawn, {
      step: state.step,
      totalSteps: settings.totalSteps,
      embed: (texts) => embedTexts(engine, tokenizer, texts, settings.maxLength),
    });
    const batch = encodeBatch(tokenizer, filled, settings.maxLength);
    const lr = learningRateAt(settings.schedule, state.step);
    const result = await engine.step({
      batch,
      accumulation: settings.accumulation,
      fullBatch: settings.fullBatch,
      learningRate: lr,
      maxGradNorm: settings.maxGradNorm,
      seed: deriveSeed(settings.seed, "dropout", state.step),
    });
    if (result.skipped)
      this.log(`step ${state.step + 1}: gradient not finite (norm ${result.gradNorm}), update skipped`);
    if (result.pieces > Math.max(settings.accumulation, this.mostPieces)) {
      this.log(
        `step ${state.step + 1}: batch computed in ${result.pieces} pieces per replica to stay within the memory budget (in-batch negatives span them all)`,
      );
    }
    this.mostPieces = Math.max(this.mostPieces, result.pieces);
    state.step++;
    state.elapsedSeconds = (performance.now() - startedAt) / 1000;
    state.sampler = sampler.state();
    state.curve.push({
      step: state.step,
      loss: result.loss,
      lr,
      gradNorm: result.gradNorm,
      seconds: Math.round(state.elapsedSeconds * 100) / 100,
      source: filled.source,
    });
    const instant = sequenceCount(batch) / Math.max(1e-6, (performance.now() - began) / 1000);
    this.rate = this.rate === 0 ? instant : 0.8 * this.rate + 0.2 * instant;
    const secondsPerStep = state.elapsedSeconds / Math.max(1, state.curve.length);
    this.hooks.onStep?.({
      step: state.step,
      totalSteps: settings.totalSteps,
      loss: result.loss,
      lr,
      gradNorm: result.gradNorm,
      source: filled.source,
      sequencesPerSecond: this.rate,
      etaSeconds: secondsPerStep * (settings.totalSteps - state.step),
      elapsedSeconds: state.elapsedSeconds,
      lastEvaluation: state.evaluations.at(-1),
    });
  }

  private async evaluate(state: TrainingState): Promise<void> {
    const evaluation = await this.parts.evaluator!.evaluate(this.parts.engine, state.step);
    state.evaluations.push(evaluation);
    const improved =
      Number.isFinite(evaluation.value) &&
      (!state.best || evaluation.value > state.best.value + this.settings.minDelta);
    if (improved) {
      state.best = { step: state.step, value: evaluation.value };
      state.sinceBest = 0;
      await this.parts.saveBest(await this.parts.engine.getState(), evaluation);
    } else if (state.step > warmupStepsOf(this.settings.schedule)) {
      // The first steps at the peak rate can lose ground that training then makes up: only
      // evaluations after warm-up count towards patience.
      state.sinceBest++;
      if (this.settings.patience > 0 && state.sinceBest >= this.settings.patience) state.stopped = true;
    }
    this.hooks.onEvaluation?.(evaluation, improved);
  }

  private async checkpoint(state: TrainingState, startedAt: number): Promise<void> {
    state.elapsedSeconds = (performance.now() - startedAt) / 1000;
    const replica = await this.parts.engine.getState();
    writeCheckpoint(this.parts.checkpointDir, {
      state,
      weights: replica.weights,
      optimizer: replica.optimizer,
      temperature: replica.temperature,
    });
    await this.hooks.onCheckpoint?.(state);
  }
}
