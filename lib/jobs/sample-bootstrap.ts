import "server-only";
import { type Db, writeTransaction } from "@/lib/db/client";
import { createCorpus, isDatabaseEmpty } from "@/lib/db/queries/corpora";
import { insertJob } from "@/lib/db/queries/jobs";
import { createUpload } from "@/lib/db/queries/uploads";
import { SAMPLE_CORPUS_DESCRIPTION, SAMPLE_CORPUS_NAME, sampleDocuments } from "@/lib/sample/sample-corpus";
import type { IngestPayload } from "@/lib/jobs/handlers/ingest-handler";

/**
 * On first start (no corpus and no job ever), creates the sample corpus and queues its ingest,
 * so a new user sees search working at once; once ingested, the corpus gets a model (`baseModel`;
 * when the hub cannot be reached, a model trained from scratch on the corpus). Search is lexical
 * until that model is indexed, then hybrid. Returns the ingest job's id, or null when nothing was done.
 */
export function bootstrapSampleCorpus(db: Db, maxPassageChars: number, baseModel: string): Promise<number | null> {
  return writeTransaction(db, async (tx) => {
    if (!(await isDatabaseEmpty(tx))) return null;
    const corpus = await createCorpus(tx, { name: SAMPLE_CORPUS_NAME, description: SAMPLE_CORPUS_DESCRIPTION });
    const upload = await createUpload(tx, {
      corpusId: corpus.id,
      fileName: "sample corpus",
      format: "sample",
      bytes: 0,
    });
    const payload: IngestPayload = {
      corpusId: corpus.id,
      uploadId: upload.id,
      maxPassageChars,
      baseModel,
      source: { kind: "sample" },
    };
    const job = await insertJob(tx, {
      type: "ingest",
      payload,
      title: `Load the sample corpus (${sampleDocuments().length} documents)`,
      corpusId: corpus.id,
    });
    return job.id;
  });
}
