import { parentPort, workerData } from "node:worker_threads";
import { IngestError } from "@/lib/ingest/ingest-error";
import { parseFile } from "@/lib/ingest/formats/parse-file";
import { type ParseOptions } from "@/lib/ingest/formats/parse-options";
import type { ParseReply } from "@/lib/ingest/parse-off-thread";

/** Body of a parsing worker thread: parses one upload and posts one {@link ParseReply}. */
const { bytes, options, countOnly } = workerData as { bytes: Uint8Array; options: ParseOptions; countOnly: boolean };

function reply(): ParseReply {
  try {
    const documents = parseFile(bytes, options);
    return { ok: true, count: documents.length, documents: countOnly ? undefined : documents };
  } catch (err) {
    if (err instanceof IngestError)
      return { ok: false, ingest: { file: err.file, message: err.message, line: err.line } };
    return { ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
}

parentPort!.postMessage(reply());
