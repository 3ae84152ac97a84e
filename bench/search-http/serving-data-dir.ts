import fs from "node:fs";
import path from "node:path";
import { openSqlite } from "@/lib/db/client";
import { databaseDialect } from "@/lib/db/dialect";
import { createCorpus } from "@/lib/db/queries/corpora";
import { createModelVersion, promoteModelVersion } from "@/lib/db/queries/model-versions";
import { saveIndex } from "@/lib/index/index-store";
import type { VectorIndex } from "@/lib/index/vector-index";
import { passageHash } from "@/lib/ingest/passages/passage-hash";

/** Passages per document in the benchmark corpus (documents only carry titles here). */
const PASSAGES_PER_DOCUMENT = 10;

/** What the app needs to serve dense search from a data folder made by {@link prepareServingDataDir}. */
export interface ServingDataDir {
  dataDir: string;
  corpusId: number;
  modelVersionId: number;
}

/**
 * Fills `dataDir` the way the index job leaves it: a corpus whose passages have ids `ids`
 * (short texts, "passage <id>"), a live model version, and `index` (labelled with those same
 * ids) saved as that version's index. The model folder is empty: vector queries never embed.
 */
export async function prepareServingDataDir(
  dataDir: string,
  ids: ArrayLike<number>,
  index: VectorIndex,
): Promise<ServingDataDir> {
  // The data folder's own SQLite file, filled with explicit ids through better-sqlite3 below.
  if (databaseDialect() === "postgres")
    throw new Error("this benchmark serves an SQLite data folder: run it without a postgres:// DATABASE_URL");
  const db = openSqlite(path.join(dataDir, "cognate.db"));
  try {
    const corpus = await createCorpus(db, { name: "bench", description: "random unit vectors (bench/search.ts)" });
    insertPassages(db.$client, corpus.id, ids);
    const modelDir = path.join(dataDir, "models", "bench");
    fs.mkdirSync(modelDir, { recursive: true });
    const version = await createModelVersion(db, {
      corpusId: corpus.id,
      name: "bench",
      source: "dir",
      baseModel: "bench",
      path: modelDir,
      status: "ready",
    });
    await promoteModelVersion(db, corpus.id, version.id);
    await saveIndex(path.join(dataDir, "indexes"), { corpusId: corpus.id, modelVersionId: version.id }, index);
    return { dataDir, corpusId: corpus.id, modelVersionId: version.id };
  } finally {
    db.$client.close();
  }
}

/** One transaction of prepared inserts with explicit ids, so passage ids equal the index labels. */
function insertPassages(
  sqlite: ReturnType<typeof openSqlite>["$client"],
  corpusId: number,
  ids: ArrayLike<number>,
): void {
  const document = sqlite.prepare("insert into documents (id, corpus_id, ordinal, title, text) values (?, ?, ?, ?, ?)");
  const passage = sqlite.prepare(
    'insert into passages (id, corpus_id, document_id, ordinal, text, start, "end", hash) values (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  sqlite.transaction(() => {
    for (let i = 0; i < ids.length; i += PASSAGES_PER_DOCUMENT) {
      const documentId = i / PASSAGES_PER_DOCUMENT + 1;
      const texts = Array.from(
        { length: Math.min(PASSAGES_PER_DOCUMENT, ids.length - i) },
        (_, j) => `passage ${ids[i + j]}`,
      );
      document.run(documentId, corpusId, documentId - 1, `document ${documentId}`, texts.join(" "));
      let start = 0;
      texts.forEach((text, j) => {
        passage.run(ids[i + j], corpusId, documentId, j, text, start, start + text.length, passageHash(text));
        start += text.length + 1;
      });
    }
  })();
}
