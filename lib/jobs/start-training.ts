import path from "node:path";
import type { Config } from "@/lib/config";
import { type Db, writeTransaction } from "@/lib/db/client";
import type { JobRow, ModelVersion } from "@/lib/db/schema";
import { createModelVersion } from "@/lib/db/queries/model-versions";
import { parseModelSpec } from "@/lib/model/store/model-store";
import { parsePairFile } from "@/lib/train/pairs/pair-file";
import type { TrainerOptionsInput } from "@/lib/train/trainer/trainer-options";
import { enqueueTraining } from "@/lib/jobs/model-pipeline";
import { saveUploadFile } from "@/lib/ingest/upload-files";

/** What a user asked to train (validated by the route's schema). */
export interface TrainingRequest {
  name?: string;
  baseModel?: string;
  pairFile?: { name: string; content: string };
  options: TrainerOptionsInput;
}

/** The name a new version gets from its base: the hub id, the folder's name (never a server path), or "scratch encoder". */
export function defaultVersionName(spec: string): string {
  const parsed = parseModelSpec(spec);
  if (parsed.kind === "scratch") return "scratch encoder";
  if (parsed.kind === "dir") return `${path.basename(parsed.path)} fine-tuned`;
  return `${parsed.repo} fine-tuned`;
}

/**
 * Starts a training run on a corpus: checks an uploaded pair file whole (an IngestError names
 * the file and line; nothing is stored), keeps it on disk for the worker, and in one
 * transaction registers the model version (`pending`) and queues its training job, which
 * queues the index job when it succeeds.
 */
export function startTraining(
  db: Db,
  cfg: Pick<Config, "dataDir" | "baseModel">,
  corpusId: number,
  request: TrainingRequest,
): { modelVersion: ModelVersion; job: JobRow } {
  const spec = request.baseModel ?? cfg.baseModel;
  let pairsFile: string | undefined;
  if (request.pairFile) {
    const bytes = new TextEncoder().encode(request.pairFile.content);
    parsePairFile(bytes, request.pairFile.name);
    pairsFile = saveUploadFile(cfg.dataDir, request.pairFile.name, bytes);
  }
  const scratch = parseModelSpec(spec).kind === "scratch";
  return writeTransaction(db, (tx) => {
    const modelVersion = createModelVersion(tx, {
      corpusId,
      name: request.name ?? defaultVersionName(spec),
      source: scratch ? "scratch" : "finetuned",
      baseModel: spec,
      status: "pending",
    });
    const job = enqueueTraining(
      tx,
      { corpusId, modelVersionId: modelVersion.id, baseModel: spec, pairsFile, options: request.options },
      `Train ${modelVersion.name}`,
    );
    return { modelVersion, job };
  });
}
