import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterEach, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR, rawRows, type Db } from "@/lib/db/client";
import { databaseDialect } from "@/lib/db/dialect";
import { registerFtsFunctions } from "@/lib/db/fts-text";
import { documents, passages } from "@/lib/db/tables";
import { createCorpus, deleteCorpus } from "@/lib/db/queries/corpora";
import { lexicalSearch } from "@/lib/db/queries/lexical-search";
import * as schema from "@/lib/db/schema";
import { asyncSqlite } from "@/lib/db/sqlite-async";
import { lexicalEngine } from "@/lib/search/lexical-engine";
import { passageHash } from "@/lib/ingest/passages/passage-hash";
import { storeDocuments } from "@/tests/helpers/store-documents";
import { tempDatabase } from "@/tests/helpers/temp-db";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const EXOPLANETS = {
  title: "How astronomers find exoplanets",
  passages: [
    "A planet crossing its star dims the light we receive by a tiny fraction.",
    "The star wobbles as the planet pulls it, shifting its spectrum back and forth.",
  ],
};
const BREAD = {
  title: "Keeping bread fresh",
  passages: ["Store the loaf cut side down on a wooden board, never in the fridge."],
};

const postgres = databaseDialect() === "postgres";

/**
 * That the keyword index holds exactly what its content (passages and titles) says: FTS5's own
 * check on SQLite; on PostgreSQL, every passage's search vector as its title and text give it.
 */
async function ftsIntact(db: Db): Promise<boolean> {
  if (!postgres) {
    await db.run(sql`insert into passages_fts(passages_fts, rank) values ('integrity-check', 1)`);
    return true;
  }
  const stale = await rawRows(
    db,
    sql`select p.id from passages p join documents d on d.id = p.document_id
        where p.search is distinct from cognate_search_vector(coalesce(d.title_segmented, d.title), coalesce(p.text_segmented, p.text))`,
  );
  return stale.length === 0;
}

describe("keyword search over document titles", () => {
  it("finds a document's passages by a word only its title has, with no highlight in the passage", async () => {
    const t = tempDatabase();
    cleanups.push(t.cleanup);
    const corpusId = (await createCorpus(t.db, { name: "c" })).id;
    await storeDocuments(t.db, corpusId, [EXOPLANETS, BREAD]);
    const hits = await lexicalEngine(t.db).search({ query: "exoplanets", mode: "lexical", corpusId, k: 10 });
    expect(hits.map((h) => h.text)).toEqual(expect.arrayContaining(EXOPLANETS.passages));
    expect(hits).toHaveLength(2);
    expect(hits.every((h) => h.documentTitle === EXOPLANETS.title && h.highlights.length === 0)).toBe(true);
  });

  it("weighs a title word above the same word in another document's body", async () => {
    const t = tempDatabase();
    cleanups.push(t.cleanup);
    const corpusId = (await createCorpus(t.db, { name: "c" })).id;
    await storeDocuments(t.db, corpusId, [
      {
        title: "Notes on the harbour",
        passages: ["Boats come in at dawn; a sourdough bakery sells bread to the crew."],
      },
      { title: "Sourdough starter", passages: ["Feed it flour and water every day and keep it somewhere warm."] },
      { title: "Fishing nets", passages: ["Nets are mended on the quay after every trip out to sea."] },
    ]);
    const rows = await lexicalSearch(t.db, { query: "sourdough", corpusId, limit: 10 });
    expect(rows.map((r) => r.documentTitle)).toEqual(["Sourdough starter", "Notes on the harbour"]);
    // Highlights stay on the passage text: the body match is marked, the title match has nothing to mark.
    expect(rows[1].marked).toContain("\u0002sourdough\u0003");
    expect(rows[0].marked).not.toContain("\u0002");
  });

  it("keeps the index in step when passages, documents, titles and corpora change", async () => {
    const t = tempDatabase();
    cleanups.push(t.cleanup);
    const corpusId = (await createCorpus(t.db, { name: "c" })).id;
    await storeDocuments(t.db, corpusId, [EXOPLANETS, BREAD]);
    await t.db.update(documents).set({ title: "Finding other worlds" }).where(eq(documents.title, EXOPLANETS.title));
    expect(await lexicalSearch(t.db, { query: "exoplanets", corpusId, limit: 10 })).toHaveLength(0);
    expect(await lexicalSearch(t.db, { query: "worlds", corpusId, limit: 10 })).toHaveLength(2);
    await t.db.delete(passages).where(eq(passages.text, EXOPLANETS.passages[0]));
    expect(await lexicalSearch(t.db, { query: "worlds", corpusId, limit: 10 })).toHaveLength(1);
    await t.db.delete(documents).where(eq(documents.title, BREAD.title));
    expect(await lexicalSearch(t.db, { query: "bread", corpusId, limit: 10 })).toHaveLength(0);
    expect(await ftsIntact(t.db)).toBe(true);
    await deleteCorpus(t.db, corpusId);
    expect(await lexicalSearch(t.db, { query: "worlds", limit: 10 })).toHaveLength(0);
    expect(await ftsIntact(t.db)).toBe(true);
  });

  it.skipIf(postgres)(
    "migrates an existing database: passages stored before the title column are backfilled",
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-fts-migrate-"));
      cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
      // The migrations as they stood before the title column: everything up to 0004.
      const before = path.join(dir, "drizzle-before");
      fs.cpSync(MIGRATIONS_DIR, before, { recursive: true });
      const journalFile = path.join(before, "meta", "_journal.json");
      const journal = JSON.parse(fs.readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
      const upTo = journal.entries.findIndex((e) => e.tag === "0005_passages_fts_title");
      expect(upTo).toBeGreaterThan(0);
      journal.entries = journal.entries.slice(0, upTo);
      fs.writeFileSync(journalFile, JSON.stringify(journal));
      const sqlite = new Database(path.join(dir, "old.db"));
      cleanups.unshift(() => sqlite.close());
      sqlite.pragma("foreign_keys = ON");
      registerFtsFunctions(sqlite);
      migrate(drizzle(sqlite, { schema }), { migrationsFolder: before });
      const db = asyncSqlite(sqlite, schema);
      const corpusId = (await createCorpus(db, { name: "old" })).id;
      // Stored as the code of that time did (insertDocuments now also writes later columns).
      [EXOPLANETS, BREAD].forEach((d, i) => {
        const documentId = sqlite
          .prepare("insert into documents (corpus_id, ordinal, title, text) values (?, ?, ?, ?)")
          .run(corpusId, i, d.title, d.passages.join("\n\n")).lastInsertRowid;
        d.passages.forEach((text, ordinal) =>
          sqlite
            .prepare(
              'insert into passages (corpus_id, document_id, ordinal, text, start, "end", hash) values (?, ?, ?, ?, 0, ?, ?)',
            )
            .run(corpusId, documentId, ordinal, text, text.length, passageHash(text)),
        );
      });
      expect(await lexicalSearch(db, { query: "fridge", corpusId, limit: 10 })).toHaveLength(1);
      expect(await lexicalSearch(db, { query: "exoplanets", corpusId, limit: 10 })).toHaveLength(0);

      migrate(drizzle(sqlite, { schema }), { migrationsFolder: MIGRATIONS_DIR });
      expect(
        (await lexicalSearch(db, { query: "exoplanets", corpusId, limit: 10 })).map((r) => r.documentTitle),
      ).toEqual([EXOPLANETS.title, EXOPLANETS.title]);
      expect(await lexicalSearch(db, { query: "fridge", corpusId, limit: 10 })).toHaveLength(1);
      expect(await ftsIntact(db)).toBe(true);
      // New passages after the migration are indexed with their title too.
      await storeDocuments(db, corpusId, [
        { title: "Tidal pools", passages: ["Anemones close when the water leaves."] },
      ]);
      expect(await lexicalSearch(db, { query: "tidal", corpusId, limit: 10 })).toHaveLength(1);
    },
  );
});
