import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { backendLabel, initBackend } from "@/lib/model/kernels/backend";
import { SCRATCH_SHAPE } from "@/lib/model/bert/scratch-model";
import { loadModelFolder, readBertConfig, saveModelFolder, type ModelFolder } from "@/lib/model/store/model-folder";
import { exportServingGraphs } from "@/lib/model/onnx/onnx-export";
import type { Weights } from "@/lib/model/store/safetensors";
import { loadTokenizer, type Tokenizer } from "@/lib/model/tokenizer/tokenizer";
import { readCheckpoint, type Checkpoint } from "@/lib/train/checkpoint/checkpoint-store";
import type { EvaluationPoint, TrainingState } from "@/lib/train/checkpoint/training-state";
import { NegativeSampler } from "@/lib/train/negatives/negative-sampler";
import { BatchSampler } from "@/lib/train/pairs/batch-sampler";
import { chooseRecipe } from "@/lib/train/recipe/choose-recipe";
import type { TrainingDocument } from "@/lib/train/pairs/corpus-pairs";
import type { PairFile } from "@/lib/train/pairs/pair-file";
import { createTrainingEngine, defaultWorkerCount } from "@/lib/train/parallel/create-engine";
import { memoryPlanFor } from "@/lib/train/trainer/memory-plan";
import { planRun, type RunPlan } from "@/lib/train/trainer/run-plan";
import { prepareScratchBase } from "@/lib/train/trainer/scratch-base";
import { throwIfStopped, Trainer, type TrainerHooks } from "@/lib/train/trainer/trainer";
import { normalizesEmbeddings, replicaSetup, trainerSettings } from "@/lib/train/trainer/run-settings";
import {
  parseTrainerOptions,
  type TrainerOptions,
  type TrainerOptionsInput,
} from "@/lib/train/trainer/trainer-options";
import { TrainingEvaluator } from "@/lib/train/trainer/training-evaluator";
import { trainerOptionConflicts } from "@/lib/train/trainer/option-conflicts";
import { measureStep, stepsWithin } from "@/lib/train/trainer/step-budget";
import type { TrainingEngine } from "@/lib/train/trainer/training-engine";

/** The run folder's file with the held-out evaluation sets (`EvalSets` as JSON), written before training. */
export const HELD_OUT_FILE = "heldout.json";

/** The run folder's snapshot of the documents a run started with, so that a resumed run trains on the same data. */
const DOCUMENTS_FILE = "documents.json";

/** What to train, on what, and where to put it. */
export interface TrainingInput {
  /** A local model folder (hub models are downloaded by the caller), or a scratch model built in `runDir/base`. */
  base: { kind: "dir"; dir: string } | { kind: "scratch" };
  documents: readonly TrainingDocument[];
  pairFile?: PairFile;
  /** Scored pairs to evaluate on (STS), instead of a held-out share. */
  evalPairs?: PairFile;
  /** The run folder: `model/` (the result), `checkpoints/`, `curve.json`, `metrics.json`, `heldout.json`, `documents.json`. */
  runDir: string;
  options?: TrainerOptionsInput;
  /** A checkpoint of other options or data is discarded with a log line (a job), instead of refused (the CLI's folder). */
  restartOnMismatch?: boolean;
}

/** What a finished run reports (also written to `metrics.json`). */
export interface TrainingResult {
  modelDir: string;
  steps: number;
  totalSteps: number;
  stoppedEarly: boolean;
  /** The step the run resumed from, when it did. */
  resumedFrom?: number;
  /** Metrics of the kept (best) model; empty without evaluation sets. */
  metrics: Record<string, number>;
  /** Metrics of the base model before training. */
  baseline: Record<string, number>;
  primary?: string;
  bestStep?: number;
  seconds: number;
  backend: string;
  workers: number;
  sources: string[];
  /** Why each option that was not given took its value (see chooseRecipe). */
  recipe: string[];
}

/** The options that change the numbers a run computes: a checkpoint is only resumed under the same ones. */
function fingerprint(options: TrainerOptions, plan: RunPlan, base: string): string {
  // Workers and the memory budget only change how a batch is cut into pieces, not what is learnt.
  const {
    workers: _w,
    memoryBudgetMb: _b,
    evalEvery: _e,
    checkpointEvery: _c,
    patience: _p,
    minDelta: _m,
    exportOnnx: _x,
    ...rest
  } = options;
  const data = plan.sources.map((s) => `${s.source.name}:${s.source.size}`);
  return createHash("sha256")
    .update(JSON.stringify({ rest, data, base, steps: plan.totalSteps }))
    .digest("hex")
    .slice(0, 16);
}

function freshState(plan: RunPlan, options: TrainerOptions, print: string): TrainingState {
  return {
    version: 1,
    step: 0,
    totalSteps: plan.totalSteps,
    seed: options.seed,
    sampler: { batches: 0, cursors: plan.sources.map(() => ({ epoch: 0, position: 0, deferred: [] })) },
    curve: [],
    evaluations: [],
    sinceBest: 0,
    stopped: false,
    elapsedSeconds: 0,
    fingerprint: print,
  };
}

/** Writes JSON through a temporary file and a rename, so a reader (the UI) never sees half a file. */
function writeJson(file: string, value: unknown): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(value));
  renameSync(`${file}.tmp`, file);
}

/** Saves weights as a complete model folder with the base's tokenizer (mean pooling, as trained). */
function saveModel(dir: string, base: ModelFolder, weights: Weights, normalize: boolean): void {
  saveModelFolder(dir, {
    config: base.config,
    weights,
    tokenizer: { copyFrom: base.dir },
    pooling: { mode: "mean", normalize },
  });
}

/** Where a run stands before training: its plan and folders, and a checkpoint or a finished result. */
interface OpenedRun {
  plan: RunPlan;
  runDir: string;
  baseDir: string;
  print: string;
  checkpoint?: Checkpoint;
  done?: TrainingResult;
}

async function openRun(input: TrainingInput, options: TrainerOptions, log: (line: string) => void): Promise<OpenedRun> {
  const plan = planRun({ documents: input.documents, pairFile: input.pairFile, evalPairs: input.evalPairs, options });
  for (const reason of plan.reasons) log(`source ${reason}`);
  const runDir = path.resolve(input.runDir);
  mkdirSync(runDir, { recursive: true });
  // The held-out data, for evaluations after training (baselines, promotion against the live version).
  writeJson(path.join(runDir, HELD_OUT_FILE), plan.evalSets);
  const print = fingerprint(options, plan, input.base.kind === "dir" ? path.resolve(input.base.dir) : "scratch");
  const metricsFile = path.join(runDir, "metrics.json");
  if (existsSync(metricsFile)) {
    const done = JSON.parse(readFileSync(metricsFile, "utf8")) as TrainingResult & {
      fingerprint?: string;
      completed?: boolean;
    };
    if (done.completed && done.fingerprint === print)
      return {
        plan,
        runDir,
        baseDir: input.base.kind === "dir" ? input.base.dir : path.join(runDir, "base"),
        print,
        done,
      };
  }
  let checkpoint = readCheckpoint(path.join(runDir, "checkpoints", "last"));
  if (checkpoint && checkpoint.state.fingerprint !== print) {
    if (!input.restartOnMismatch)
      throw new Error(
        `${runDir} holds a checkpoint of a run with other options or data: resume with the same ones, or train into a new --out folder`,
      );
    log(`the checkpoint at step ${checkpoint.state.step} was made with other options or data: starting a fresh run`);
    for (const stale of ["checkpoints", "base", DOCUMENTS_FILE])
      rmSync(path.join(runDir, stale), { recursive: true, force: true });
    checkpoint = undefined;
  }
  const baseDir =
    input.base.kind === "dir"
      ? input.base.dir
      : await prepareScratchBase(path.join(runDir, "base"), plan.texts, options, log, plan.evalSets);
  return { plan, runDir, baseDir, print, checkpoint };
}

/**
 * The documents a run trains on: those it started with when it resumes from a checkpoint (saved
 * in the run folder at its start), so that uploads since do not change its data under it;
 * otherwise the given ones, saved for a later resumption.
 */
function runDocuments(input: TrainingInput, log: (line: string) => void): readonly TrainingDocument[] {
  const file = path.join(path.resolve(input.runDir), DOCUMENTS_FILE);
  if (existsSync(file) && existsSync(path.join(path.resolve(input.runDir), "checkpoints", "last"))) {
    const saved = JSON.parse(readFileSync(file, "utf8")) as TrainingDocument[];
    if (saved.length !== input.documents.length)
      log(
        `resuming on the ${saved.length} documents the run started with (the corpus now has ${input.documents.length}; a later run will include the rest)`,
      );
    return saved;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  writeJson(file, input.documents);
  return input.documents;
}

/**
 * Trains an encoder end to end: prepares the base (a scratch model is created and
 * warm-started once), plans sources and evaluation sets, resumes from `runDir/checkpoints/last`
 * when a checkpoint of the same run exists, trains, and writes the kept model (the best
 * evaluation's weights, or the last ones without evaluation) to `runDir/model` with its ONNX
 * export, plus `curve.json` and `metrics.json`. A run that already finished returns its result.
 */
export async function runTraining(given: TrainingInput, hooks: TrainerHooks = {}): Promise<TrainingResult> {
  const began = performance.now();
  const log = hooks.log ?? (() => {});
  const input = { ...given, documents: runDocuments(given, log) };
  const recipe = chooseRecipe({
    documents: input.documents,
    pairFile: input.pairFile,
    base: input.base.kind === "scratch" ? "scratch" : "pretrained",
    given: input.options,
    maxPositions: (input.base.kind === "dir" ? readBertConfig(input.base.dir) : SCRATCH_SHAPE).max_position_embeddings,
  });
  for (const reason of recipe.reasons) log(`recipe: ${reason}`);
  const options = parseTrainerOptions(recipe.options);
  const conflict = trainerOptionConflicts(options)[0];
  if (conflict) throw new Error(conflict.message);
  const run = await openRun(input, options, log);
  if (run.done) return run.done;
  // Preparing a scratch base takes a while and blocks the thread: let due timers (the job's
  // heartbeat, which delivers a cancel) run, so a cancel meanwhile stops here, not after the first evaluation.
  await new Promise((resolve) => setTimeout(resolve, 0));
  throwIfStopped(hooks.signal);
  const { plan, runDir, checkpoint } = run;
  const base = loadModelFolder(run.baseDir);
  const tokenizer = await loadTokenizer(run.baseDir);
  const backend = await initBackend();
  const memory = memoryPlanFor(backend, base.config, options.memoryBudgetMb);
  const engine = await createTrainingEngine(replicaSetup(base, options), defaultWorkerCount(backend, options.workers), {
    memory,
  });
  const negatives = new NegativeSampler(plan.pool, options.negatives, options.seed, options.negatives.poolLimit);
  try {
    if (checkpoint) {
      await engine.restore({
        weights: checkpoint.weights,
        optimizer: checkpoint.optimizer,
        temperature: checkpoint.temperature,
      });
      log(`resumed from step ${checkpoint.state.step} of ${checkpoint.state.totalSteps}`);
    }
    const budget = memory ? `, at most ${Math.round(memory.budgetBytes / 1048576)} MiB per replica` : "";
    const timing = await fitToBudget(plan, options, checkpoint, {
      engine,
      tokenizer,
      startedSeconds: (performance.now() - began) / 1000,
      log,
    });
    log(
      `training on ${backendLabel(backend)} with ${engine.parallelism > 1 ? `${engine.parallelism} worker threads` : "one thread"}: ${timing.totalSteps} steps of ${options.batchSize} pairs${budget}`,
    );
    const bestDir = path.join(runDir, "checkpoints", "best");
    const evaluator = new TrainingEvaluator(plan.evalSets, tokenizer, options.maxLength, options.seed);
    const trainer = new Trainer(
      {
        engine,
        tokenizer,
        sampler: new BatchSampler(
          plan.sources,
          { seed: options.seed, mixing: options.mixing },
          checkpoint?.state.sampler,
        ),
        negatives,
        evaluator: evaluator.empty ? undefined : evaluator,
        checkpointDir: path.join(runDir, "checkpoints", "last"),
        saveBest: (state) => saveModel(bestDir, base, state.weights, normalizesEmbeddings(options)),
      },
      {
        ...trainerSettings(options, timing.totalSteps, input.base.kind === "scratch"),
        deadlineSeconds: timing.deadlineSeconds,
      },
      {
        ...hooks,
        // The curve beside the model grows at every checkpoint, for the UI's live chart.
        onCheckpoint: async (state) => {
          writeJson(path.join(runDir, "curve.json"), { curve: state.curve, evaluations: state.evaluations });
          await hooks.onCheckpoint?.(state);
        },
      },
    );
    const resumedFrom = checkpoint?.state.step; // before run() moves the restored state on
    const state = await trainer.run(
      checkpoint?.state ?? freshState({ ...plan, totalSteps: timing.totalSteps }, options, run.print),
    );
    const weights =
      state.best && existsSync(bestDir) ? loadModelFolder(bestDir).weights : (await engine.getState()).weights;
    const result = summarize(state, {
      modelDir: path.join(runDir, "model"),
      backend: backendLabel(backend),
      workers: engine.parallelism,
      sources: plan.sources.map((s) => s.source.name),
      resumedFrom,
      recipe: recipe.reasons,
    });
    await finishRun(
      run,
      result,
      state,
      () => saveModel(result.modelDir, base, weights, normalizesEmbeddings(options)),
      options.exportOnnx,
    );
    return result;
  } finally {
    negatives.dispose();
    await engine.dispose();
  }
}

/** Writes the kept model (and its ONNX graph), the curve and the metrics; then the checkpoints are no longer needed. */
async function finishRun(
  run: OpenedRun,
  result: TrainingResult,
  state: TrainingState,
  saveKept: () => void,
  onnx: boolean,
): Promise<void> {
  saveKept();
  if (onnx) await exportServingGraphs(result.modelDir);
  writeJson(path.join(run.runDir, "curve.json"), { curve: state.curve, evaluations: state.evaluations });
  // metrics.json marks the run finished: a rerun returns it instead of training again.
  writeJson(path.join(run.runDir, "metrics.json"), { ...result, completed: true, fingerprint: run.print });
  for (const spent of ["checkpoints", DOCUMENTS_FILE])
    rmSync(path.join(run.runDir, spent), { recursive: true, force: true });
}

/**
 * The run's steps and deadline: a resumed run keeps its own; without `steps`, a time budget
 * fits them to the measured speed of a step, and ends the run when it is spent (less the time
 * already taken by preparation).
 */
async function fitToBudget(
  plan: RunPlan,
  options: TrainerOptions,
  checkpoint: Checkpoint | undefined,
  ctx: { engine: TrainingEngine; tokenizer: Tokenizer; startedSeconds: number; log: (line: string) => void },
): Promise<{ totalSteps: number; deadlineSeconds?: number }> {
  if (checkpoint)
    return {
      totalSteps: checkpoint.state.totalSteps,
      deadlineSeconds: options.budgetMinutes && options.budgetMinutes * 60,
    };
  if (!options.budgetMinutes) return { totalSteps: plan.totalSteps };
  const seconds = options.budgetMinutes * 60 - ctx.startedSeconds;
  if (options.steps !== undefined) return { totalSteps: plan.totalSteps, deadlineSeconds: seconds };
  const step = await measureStep(ctx.engine, ctx.tokenizer, plan.sources, options);
  const totalSteps = stepsWithin(seconds, step, plan.evalSets, plan.totalSteps);
  ctx.log(
    `time budget: ${step.seconds.toFixed(2)} s per step of ${step.sequences} sequences, so ${totalSteps} of ${plan.totalSteps} steps fit in ${Math.round(seconds)} s${totalSteps < plan.totalSteps ? "" : " (all of them)"}`,
  );
  return { totalSteps, deadlineSeconds: seconds };
}

function summarize(
  state: TrainingState,
  run: Pick<TrainingResult, "modelDir" | "backend" | "workers" | "sources" | "resumedFrom" | "recipe">,
): TrainingResult {
  const kept: EvaluationPoint | undefined = state.best
    ? state.evaluations.find((e) => e.step === state.best!.step)
    : state.evaluations.at(-1);
  return {
    ...run,
    steps: state.step,
    totalSteps: state.totalSteps,
    stoppedEarly: state.stopped,
    metrics: kept?.metrics ?? {},
    baseline: state.evaluations.find((e) => e.step === 0)?.metrics ?? {},
    primary: kept?.primary,
    bestStep: state.best?.step,
    seconds: Math.round(state.elapsedSeconds * 10) / 10,
  };
}
