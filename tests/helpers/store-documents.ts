import type { Db } from "@/lib/db/client";
import { insertDocuments } from "@/lib/db/queries/documents";
import { passageHash } from "@/lib/ingest/passages/passage-hash";

/** Stores documents given as a title and passage texts (no metadata, no upload) in a corpus. */
export async function storeDocuments(
  db: Db,
  corpusId: number,
  docs: { title: string; passages: string[] }[],
): Promise<void> {
  await insertDocuments(
    db,
    { corpusId, uploadId: null, firstOrdinal: 0 },
    docs.map((d) => ({
      title: d.title,
      text: d.passages.join("\n\n"),
      metadata: {},
      passages: d.passages.map((text, ordinal) => ({
        ordinal,
        text,
        start: 0,
        end: text.length,
        hash: passageHash(text),
      })),
    })),
  );
}
