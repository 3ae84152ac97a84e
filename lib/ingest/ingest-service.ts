import { type Db, writeTransaction } from "@/lib/db/client";
import type { Config } from "@/lib/config";
import { insertJob } from "@/lib/db/queries/jobs";
import { createUpload } from "@/lib/db/queries/uploads";
import type { ParseOptions } from "@/lib/ingest/formats/parse-options";
import { detectFormat } from "@/lib/ingest/formats/registry";
import type { IngestPayload } from "@/lib/jobs/handlers/ingest-handler";
import { countDocumentsOffThread, type OffThreadOptions } from "@/lib/ingest/parse-off-thread";
import { saveUploadFile } from "@/lib/ingest/upload-files";
import { NO_BASE_MODEL } from "@/lib/jobs/handlers/ingest-handler";

/** What the caller chose about how to read a file (columns, fields, format). */
export type UploadChoices = Omit<ParseOptions, "fileName" | "maxBytes" | "maxLineBytes">;

/**
 * Accepts an upload into a corpus: validates the whole file first (throwing IngestError with
 * file and line, storing nothing), then keeps the file and queues its ingest job.
 * A large file is parsed in a worker thread within a time and memory budget (see
 * parseFileOffThread), so the caller's event loop keeps serving meanwhile.
 * Returns the upload's id and the job's id, so the caller can follow the progress.
 */
export async function submitUpload(
  db: Db,
  cfg: Pick<Config, "dataDir" | "maxUploadBytes" | "maxPassageChars"> & { baseModel?: string },
  input: { corpusId: number; fileName: string; bytes: Uint8Array; choices?: UploadChoices },
  parsing: OffThreadOptions = {},
) {
  const options: ParseOptions = { ...input.choices, fileName: input.fileName, maxBytes: cfg.maxUploadBytes };
  const format = options.format ?? detectFormat(input.fileName);
  const documentCount = await countDocumentsOffThread(input.bytes, { ...options, format }, parsing);
  const path = saveUploadFile(cfg.dataDir, input.fileName, input.bytes);
  return writeTransaction(db, (tx) => {
    const upload = createUpload(tx, {
      corpusId: input.corpusId,
      fileName: input.fileName,
      format,
      bytes: input.bytes.byteLength,
    });
    const payload: IngestPayload = {
      corpusId: input.corpusId,
      uploadId: upload.id,
      maxPassageChars: cfg.maxPassageChars,
      baseModel: cfg.baseModel ?? NO_BASE_MODEL,
      // The limit the file was accepted under goes with it: the worker must not refuse it later.
      source: {
        kind: "file",
        path,
        options: { ...input.choices, fileName: input.fileName, format, maxBytes: cfg.maxUploadBytes },
      },
    };
    const job = insertJob(tx, { type: "ingest", payload, title: `Ingest ${input.fileName}`, corpusId: input.corpusId });
    return { uploadId: upload.id, jobId: job.id, documentCount };
  });
}
