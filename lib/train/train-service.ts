import "server-only";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Config } from "@/lib/config";
import { DomainError, notFoundError } from "@/lib/core/domain-error";
import { type Db, writeTransaction } from "@/lib/db/client";
import { getCorpusByName, getCorpusSummary } from "@/lib/db/queries/corpora";
import { createModelVersion, findModelVersionByPath, updateModelVersion } from "@/lib/db/queries/model-versions";
import { loadTrainingDocuments } from "@/lib/db/queries/training-data";
import type { JobRow, ModelVersion } from "@/lib/db/schema";
import { parseModelSpec, type ModelSpec } from "@/lib/model/store/model-store";
import { enqueueTraining } from "@/lib/pipeline/stage-jobs";
import { resolveBaseModel, type HubSettings } from "@/lib/train/base-model";
import { parsePairFile, type PairFile } from "@/lib/train/pairs/pair-file";
import { savePairFile } from "@/lib/train/pairs/stored-pair-file";
import type { TrainerHooks } from "@/lib/train/trainer/trainer";
import type { TrainerOptionsInput } from "@/lib/train/trainer/trainer-options";
import { runTraining, type TrainingResult } from "@/lib/train/trainer/train-run";
import { foregroundTrainRequest, trainRequest, type ForegroundTrainRequest } from "@/lib/train/train-request";
import { versionMetrics } from "@/lib/train/version-metrics";

/** What the train service needs to know of the configuration. */
export type TrainSettings = Pick<Config, "dataDir" | "baseModel"> & HubSettings;

/** The name a new version gets from its base: the hub id, the folder's name (never a server path), or "scratch encoder". */
export function defaultVersionName(model: ModelSpec): string {
  if (model.kind === "scratch") return "scratch encoder";
  if (model.kind === "dir") return `${path.basename(model.path)} fine-tuned`;
  return `${model.repo} fine-tuned`;
}

/** The base a request names, or the configured one. */
function chosenBase(given: { spec: string; model: ModelSpec } | undefined, settings: TrainSettings) {
  if (given) return given;
  try {
    return { spec: settings.baseModel, model: parseModelSpec(settings.baseModel) };
  } catch {
    throw new DomainError(
      "invalid",
      `no base model is configured (COGNATE_BASE_MODEL=${settings.baseModel}): give one as hub:ID, dir:PATH or scratch`,
    );
  }
}

/**
 * Starts a training run on a corpus from a request as sent (see `trainRequest`): checks it whole
 * (a ZodError names the fields; an uploaded pair file is parsed whole, and an IngestError names
 * the file and line; nothing is stored), keeps the parsed pair file on disk for the worker (which
 * trains on it without parsing the upload again), and in one
 * transaction registers the model version (`pending`) and queues its training job; the pipeline
 * indexes the version when training succeeds.
 * @throws DomainError `not_found` for an unknown corpus, `conflict` when it has nothing to train on
 */
export async function startTraining(
  db: Db,
  settings: TrainSettings,
  corpusId: number,
  input: unknown,
): Promise<{ modelVersion: ModelVersion; job: JobRow }> {
  const corpus = await getCorpusSummary(db, corpusId);
  if (!corpus) throw notFoundError(`corpus ${corpusId}`);
  const request = trainRequest.parse(input);
  if (!request.pairFile && corpus.passageCount < 2)
    throw new DomainError(
      "conflict",
      `corpus "${corpus.name}" has ${corpus.passageCount} passage(s): upload documents first (or send a pair file) so there is something to train on`,
    );
  // Parsed once, here: the job gets the parse result, so the worker does not read the upload again.
  const pairs =
    request.pairFile && parsePairFile(new TextEncoder().encode(request.pairFile.content), request.pairFile.name);
  const base = chosenBase(request.baseModel, settings);
  const pairsFile = pairs ? savePairFile(settings.dataDir, pairs) : undefined;
  return writeTransaction(db, async (tx) => {
    const modelVersion = await createModelVersion(tx, {
      corpusId,
      name: request.name ?? defaultVersionName(base.model),
      source: base.model.kind === "scratch" ? "scratch" : "finetuned",
      baseModel: base.spec,
      status: "pending",
    });
    const job = await enqueueTraining(
      tx,
      {
        corpusId,
        modelVersionId: modelVersion.id,
        baseModel: base.spec,
        pairsFile,
        options: request.options as TrainerOptionsInput,
      },
      `Train ${modelVersion.name}`,
    );
    return { modelVersion, job };
  });
}

function readPairs(file: string | undefined): PairFile | undefined {
  if (!file) return undefined;
  if (!existsSync(file)) throw new DomainError("not_found", `${file}: no such file`);
  return parsePairFile(readFileSync(file), path.basename(file));
}

/**
 * Trains in this process, now (`cli train`): the same request checks as a queued run, the run in
 * `runDir` (resumed when it holds a checkpoint of the same run), and the result recorded as a model
 * version of the corpus (or of no corpus, for a pair file alone). Hooks report progress.
 * @throws DomainError `not_found` for an unknown corpus or pair file
 */
export async function trainInForeground(
  db: Db,
  settings: TrainSettings,
  input: ForegroundTrainRequest,
  hooks: TrainerHooks & { report?: (message: string) => void } = {},
): Promise<TrainingResult> {
  const request = foregroundTrainRequest.parse(input);
  const corpus = request.corpusName !== undefined ? await getCorpusByName(db, request.corpusName) : undefined;
  if (request.corpusName !== undefined && !corpus)
    throw new DomainError(
      "not_found",
      `no corpus named "${request.corpusName}": add files first with npm run cli -- ingest FILE --corpus ${request.corpusName}`,
    );
  const base = chosenBase(request.baseModel, settings);
  const resolved = await resolveBaseModel(base.model, settings, hooks.signal ?? new AbortController().signal, (m) =>
    hooks.report?.(m),
  );
  const runDir = path.resolve(request.runDir);
  const modelDir = path.join(runDir, "model");
  const version =
    (await findModelVersionByPath(db, modelDir)) ??
    (await createModelVersion(db, {
      corpusId: corpus?.id ?? null,
      name: `cli ${path.basename(runDir)}`,
      source: resolved.kind === "scratch" ? "scratch" : "finetuned",
      baseModel: base.spec,
      status: "training",
    }));
  await updateModelVersion(db, version.id, { status: "training", path: modelDir });
  try {
    const result = await runTraining(
      {
        base: resolved,
        documents: corpus ? await loadTrainingDocuments(db, corpus.id) : [],
        pairFile: readPairs(request.pairsPath),
        evalPairs: readPairs(request.evalPairsPath),
        runDir,
        options: request.options as TrainerOptionsInput,
      },
      hooks,
    );
    await updateModelVersion(db, version.id, {
      status: "ready",
      path: result.modelDir,
      metrics: versionMetrics(result, runDir),
    });
    return result;
  } catch (err) {
    await updateModelVersion(db, version.id, { status: "failed" });
    throw err;
  }
}
