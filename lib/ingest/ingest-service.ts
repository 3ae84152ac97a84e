import "server-only";
import { type Db, writeTransaction } from "@/lib/db/client";
import type { Config } from "@/lib/config";
import { insertJob } from "@/lib/db/queries/jobs";
import { createUpload } from "@/lib/db/queries/uploads";
import { detectFormat } from "@/lib/ingest/formats/registry";
import type { IngestPayload } from "@/lib/jobs/handlers/ingest-handler";
import { countDocumentsOffThread, type OffThreadOptions } from "@/lib/ingest/parse-off-thread";
import { saveUploadFile } from "@/lib/ingest/upload-files";
import { uploadOptions, type UploadOptions } from "@/lib/ingest/upload-request";
import { NO_BASE_MODEL } from "@/lib/jobs/handlers/ingest-handler";

/** What the ingest service needs to know of the configuration. */
export type IngestSettings = Pick<Config, "dataDir" | "maxUploadBytes" | "maxPassageChars"> & { baseModel?: string };

/**
 * Accepts an upload into a corpus: validates the caller's choices (form fields or CLI flags, as
 * sent) once with {@link uploadOptions} (a ZodError names the field) and then the whole file
 * (throwing IngestError with file and line, storing nothing), then keeps the file and queues its
 * ingest job. The validated options, with the format and the size limit the file was accepted
 * under, travel unchanged into the job payload and to the parser in the worker.
 * A large file is parsed in a worker thread within a time and memory budget (see
 * parseFileOffThread), so the caller's event loop keeps serving meanwhile.
 * Returns the upload's id and the job's id, so the caller can follow the progress.
 */
export async function submitUpload(
  db: Db,
  cfg: IngestSettings,
  input: { corpusId: number; fileName: string; bytes: Uint8Array; choices?: Record<string, unknown> },
  parsing: OffThreadOptions = {},
) {
  const given = uploadOptions.parse({ ...input.choices, fileName: input.fileName, maxBytes: cfg.maxUploadBytes });
  const options = { ...given, format: given.format ?? detectFormat(input.fileName) } satisfies UploadOptions;
  const documentCount = await countDocumentsOffThread(input.bytes, options, parsing);
  const path = saveUploadFile(cfg.dataDir, input.fileName, input.bytes);
  return writeTransaction(db, async (tx) => {
    const upload = await createUpload(tx, {
      corpusId: input.corpusId,
      fileName: input.fileName,
      format: options.format,
      bytes: input.bytes.byteLength,
    });
    const payload: IngestPayload = {
      corpusId: input.corpusId,
      uploadId: upload.id,
      maxPassageChars: cfg.maxPassageChars,
      baseModel: cfg.baseModel ?? NO_BASE_MODEL,
      // The limit the file was accepted under goes with it: the worker must not refuse it later.
      source: { kind: "file", path, options },
    };
    const job = await insertJob(tx, {
      type: "ingest",
      payload,
      title: `Ingest ${input.fileName}`,
      corpusId: input.corpusId,
    });
    return { uploadId: upload.id, jobId: job.id, documentCount };
  });
}
