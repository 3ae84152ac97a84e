import "server-only";
import fs from "node:fs";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { insertDocuments, type DocumentInput, type InsertCounts } from "@/lib/db/queries/documents";
import { deleteUpload, updateUpload } from "@/lib/db/queries/uploads";
import type { ParsedDocument } from "@/lib/ingest/formats/parse-options";
import { DEFAULT_MAX_PASSAGE_TOKENS, splitPassages } from "@/lib/ingest/passages/split-passages";
import { passageHash } from "@/lib/ingest/passages/passage-hash";
import { sampleDocuments } from "@/lib/sample/sample-corpus";
import type { StageHandler } from "@/lib/jobs/stage-handler";
import { parseFileOffThread } from "@/lib/ingest/parse-off-thread";
import { removeUploadFile } from "@/lib/ingest/upload-files";
import { uploadOptions } from "@/lib/ingest/upload-request";

/** `COGNATE_BASE_MODEL=none`: corpora get no model by themselves; they stay lexical until one is prepared or trained. */
export const NO_BASE_MODEL = "none";

export const ingestPayload = z.object({
  corpusId: z.number().int(),
  uploadId: z.number().int(),
  maxPassageChars: z.number().int().positive().default(600),
  /** Longest passage in estimated tokens (default: the embedder's window), so Chinese passages are not cut when embedded. */
  maxPassageTokens: z.number().int().min(8).optional(),
  /** The model a corpus that has none gets once this ingest is done (see `enqueueModelUpkeep`); none when absent. */
  baseModel: z.string().default(NO_BASE_MODEL),
  source: z.discriminatedUnion("kind", [
    /** An accepted upload on disk, with the options it was validated with (see `uploadOptions`). */
    z.object({ kind: z.literal("file"), path: z.string(), options: uploadOptions }),
    z.object({ kind: z.literal("sample") }),
  ]),
});
export type IngestPayload = z.infer<typeof ingestPayload>;

interface IngestCheckpoint extends InsertCounts {
  next: number;
}

const BATCH = 100;

async function loadDocuments(payload: IngestPayload): Promise<ParsedDocument[]> {
  if (payload.source.kind === "sample") {
    return sampleDocuments().map((d) => ({ title: d.title, text: d.text, metadata: { topic: d.topic } }));
  }
  if (!fs.existsSync(payload.source.path)) {
    throw new Error(
      `the uploaded file ${payload.source.options.fileName} is no longer on disk (${payload.source.path}); upload it again`,
    );
  }
  // In a worker thread for large files, so heartbeats and cancels keep flowing while it parses.
  return parseFileOffThread(fs.readFileSync(payload.source.path), payload.source.options);
}

/** Splits a parsed document into passages (within maxChars characters and maxTokens estimated tokens) with offsets and dedupe hashes. */
export function toDocumentInput(
  doc: ParsedDocument,
  maxChars: number,
  maxTokens = DEFAULT_MAX_PASSAGE_TOKENS,
): DocumentInput {
  const passages = splitPassages(doc.text, { maxChars, maxTokens }).map((p) => ({ ...p, hash: passageHash(p.text) }));
  return { title: doc.title, text: doc.text, metadata: doc.metadata, passages };
}

/**
 * Stores an accepted upload: splits documents into passages, drops exact duplicates and writes
 * them batch by batch, each batch in one transaction with the checkpoint, so a killed worker
 * resumes after the last stored batch and nothing is stored twice. (The pipeline then gives the
 * corpus's model the new passages.)
 */
export const ingestHandler: StageHandler<IngestPayload> = {
  parsePayload: (raw) => ingestPayload.parse(raw),

  async run(ctx) {
    const { payload } = ctx;
    ctx.progress(0, 0, "reading the file");
    const docs = await loadDocuments(payload);
    let state: IngestCheckpoint = (ctx.checkpoint as IngestCheckpoint | undefined) ?? {
      next: 0,
      documents: 0,
      passages: 0,
      duplicates: 0,
    };
    await updateUpload(ctx.db, payload.uploadId, { status: "ingesting" });
    ctx.progress(state.next, docs.length, `storing documents`);
    while (state.next < docs.length) {
      ctx.throwIfStopped();
      const batch = docs
        .slice(state.next, state.next + BATCH)
        .map((d) => toDocumentInput(d, payload.maxPassageChars, payload.maxPassageTokens));
      const before = state;
      state = await ctx.commit(async (tx): Promise<IngestCheckpoint> => {
        const counts = await insertDocuments(
          tx,
          { corpusId: payload.corpusId, uploadId: payload.uploadId, firstOrdinal: before.next },
          batch,
        );
        const next = {
          next: before.next + batch.length,
          documents: before.documents + counts.documents,
          passages: before.passages + counts.passages,
          duplicates: before.duplicates + counts.duplicates,
        };
        await updateUpload(tx, payload.uploadId, {
          documentCount: next.documents,
          passageCount: next.passages,
          duplicateCount: next.duplicates,
        });
        return next;
      });
      ctx.progress(state.next, docs.length, `${state.passages} passages from ${state.documents} documents`);
      // Let heartbeats and cancels through between batches.
      await new Promise((r) => setImmediate(r));
    }
    await updateUpload(ctx.db, payload.uploadId, { status: "done" });
    const dupes = state.duplicates ? `, ${state.duplicates} duplicate passages dropped` : "";
    ctx.progress(docs.length, docs.length, `stored ${state.documents} documents, ${state.passages} passages${dupes}`);
    if (payload.source.kind === "file") removeUploadFile(payload.source.path);
  },

  async cleanup(db: Db, payload) {
    await deleteUpload(db, payload.uploadId);
    if (payload.source.kind === "file") removeUploadFile(payload.source.path);
  },
};
