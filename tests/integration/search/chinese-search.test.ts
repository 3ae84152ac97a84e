import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { databaseDialect } from "@/lib/db/dialect";
import { afterEach, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR } from "@/lib/db/client";
import { registerFtsFunctions } from "@/lib/db/fts-text";
import { createCorpus } from "@/lib/db/queries/corpora";
import { lexicalSearch } from "@/lib/db/queries/lexical-search";
import * as schema from "@/lib/db/schema";
import { asyncSqlite } from "@/lib/db/sqlite-async";
import { lexicalEngine } from "@/lib/search/lexical-engine";
import type { SearchHit } from "@/lib/search/search-types";
import { passageHash } from "@/lib/ingest/passages/passage-hash";
import { storeDocuments } from "@/tests/helpers/store-documents";
import { tempDatabase } from "@/tests/helpers/temp-db";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A Chinese tutorial on contrastive learning, a passage a line; the words sit inside longer runs, not between punctuation. */
const TUTORIAL = [
  "对比学习的目标是让相似的句子在向量空间中靠近，让不相似的句子远离。",
  "我们用余弦相似度衡量两个句向量的距离，相似度越高表示语义越接近。",
  "训练模型时，每个锚点句子需要一个正样本和若干负样本。",
  "困难负样本挖掘从当前索引中找出与锚点最像的负样本，负样本越难，模型学到的边界越清楚，但要过滤掉假负样本。",
  "批内负样本是最简单的做法：同一批中其他句子的正样本都当作负样本。",
  "预训练模型提供了很好的起点，微调模型只需要少量数据。",
  "温度参数控制相似度分布的尖锐程度，温度太低会让训练不稳定。",
  "评估时计算斯皮尔曼相关系数，比较模型给出的相似度量和人工标注的分数。",
  "大模型化是近年的趋势，但小模型在本地部署时更快。",
  "数据增强包括随机裁剪和词语丢弃，是无监督对比学习方法的常见手段。",
  "SimCSE 用同一句子经过两次 dropout 得到正样本对，这是一种自监督对比学习。",
  "索引建好以后，搜索服务就可以返回最相关的段落。",
];

async function corpusWith(docs: { title: string; passages: string[] }[]) {
  const t = tempDatabase();
  cleanups.push(t.cleanup);
  const corpusId = (await createCorpus(t.db, { name: "zh" })).id;
  await storeDocuments(t.db, corpusId, docs);
  return { db: t.db, corpusId };
}

/** Every [start, end) where `word` occurs in `text`. */
function occurrences(text: string, word: string): [number, number][] {
  const out: [number, number][] = [];
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) out.push([i, i + word.length]);
  return out;
}

/** Whether every occurrence of the word lies inside a highlight. */
function covered(hit: SearchHit, word: string): boolean {
  return occurrences(hit.text, word).every(([s, e]) => hit.highlights.some(([hs, he]) => hs <= s && he >= e));
}

describe("keyword search of Chinese words", () => {
  it.each(["模型", "相似度", "负样本", "对比学习", "句子"])(
    "finds every passage that contains %s and highlights every occurrence",
    async (word) => {
      const { db, corpusId } = await corpusWith([{ title: "句向量教程", passages: TUTORIAL }]);
      const hits = await lexicalEngine(db).search({ query: word, mode: "lexical", corpusId, k: 50 });
      const containing = TUTORIAL.filter((p) => p.includes(word));
      expect(containing.length).toBeGreaterThan(1);
      const found = hits.filter((h) => h.text.includes(word));
      expect(found.map((h) => h.text).sort()).toEqual([...containing].sort());
      for (const hit of found) expect(covered(hit, word), hit.text).toBe(true);
      // Passages holding the whole word come before passages that hold only a part of it.
      const firstPartial = hits.findIndex((h) => !h.text.includes(word));
      if (firstPartial >= 0) expect(firstPartial).toBeGreaterThanOrEqual(containing.length);
    },
  );

  it("ranks the passage where the word is most frequent first", async () => {
    const { db, corpusId } = await corpusWith([{ title: "教程", passages: TUTORIAL }]);
    const hits = await lexicalEngine(db).search({ query: "负样本", mode: "lexical", corpusId, k: 10 });
    expect(hits[0].text).toBe(TUTORIAL[3]);
    expect(hits[0].highlights.length).toBeGreaterThanOrEqual(4);
  });

  it("leaves out Chinese stop words of a query", async () => {
    const { db, corpusId } = await corpusWith([{ title: "教程", passages: TUTORIAL }]);
    const hits = await lexicalEngine(db).search({ query: "模型的", mode: "lexical", corpusId, k: 50 });
    expect(hits.map((h) => h.text).sort()).toEqual(TUTORIAL.filter((p) => p.includes("模型")).sort());
  });

  it("finds a document by a word of its Chinese title", async () => {
    const { db, corpusId } = await corpusWith([
      { title: "句向量教程", passages: ["第一段。"] },
      { title: "烘焙面包", passages: ["第二段。"] },
    ]);
    expect((await lexicalSearch(db, { query: "向量", corpusId, limit: 10 })).map((r) => r.documentTitle)).toEqual([
      "句向量教程",
    ]);
  });
});

describe("a mixed Chinese and English corpus", () => {
  const docs = [
    { title: "对比学习教程", passages: TUTORIAL.slice(0, 6) },
    {
      title: "How astronomers find exoplanets",
      passages: ["Telescopes watch a star dim as a planet crosses it.", "The star wobbles as the planet pulls it."],
    },
    {
      title: "Mixed notes",
      passages: ["BERT模型的训练 uses contrastive learning with hard negatives.", "用 InfoNCE 损失训练句向量。"],
    },
  ];

  it("stems English as before and finds Chinese words next to Latin letters", async () => {
    const { db, corpusId } = await corpusWith(docs);
    const search = (query: string) => lexicalEngine(db).search({ query, mode: "lexical", corpusId, k: 20 });
    expect((await search("telescope")).map((h) => h.text)).toEqual([docs[1].passages[0]]);
    expect((await search("exoplanet")).length).toBe(2);
    const bert = await search("bert");
    expect(bert.map((h) => h.text)).toEqual([docs[2].passages[0]]);
    expect(bert[0].text.slice(...bert[0].highlights[0])).toBe("BERT");
    const model = await search("模型");
    expect(model.map((h) => h.text)).toContain(docs[2].passages[0]);
    expect(model.every((h) => covered(h, "模型"))).toBe(true);
    const mixed = await search("InfoNCE 训练");
    expect(mixed[0].text).toBe(docs[2].passages[1]);
    expect(mixed[0].highlights.map((r) => mixed[0].text.slice(...r))).toEqual(["InfoNCE", "训练"]);
  });
});

describe("migrating an existing database", () => {
  // A migration of SQLite's FTS5 index; PostgreSQL's search vector read the segmented forms from its first migration.
  it.skipIf(databaseDialect() === "postgres")(
    "backfills the segmented form of Chinese passages and titles stored before it",
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-fts-zh-"));
      cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
      const before = path.join(dir, "drizzle-before");
      fs.cpSync(MIGRATIONS_DIR, before, { recursive: true });
      const journalFile = path.join(before, "meta", "_journal.json");
      const journal = JSON.parse(fs.readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
      journal.entries = journal.entries.slice(
        0,
        journal.entries.findIndex((e) => e.tag === "0006_segmented_text_columns"),
      );
      fs.writeFileSync(journalFile, JSON.stringify(journal));
      const sqlite = new Database(path.join(dir, "old.db"));
      cleanups.unshift(() => sqlite.close());
      sqlite.pragma("foreign_keys = ON");
      registerFtsFunctions(sqlite);
      migrate(drizzle(sqlite, { schema }), { migrationsFolder: before });
      const db = asyncSqlite(sqlite, schema);
      const corpusId = (await createCorpus(db, { name: "old" })).id;
      // Stored as the old code did: no segmented columns yet.
      sqlite
        .prepare("insert into documents (corpus_id, ordinal, title, text) values (?, 0, '句向量教程', ?)")
        .run(corpusId, TUTORIAL.join("\n\n"));
      TUTORIAL.forEach((text, i) =>
        sqlite
          .prepare(
            'insert into passages (corpus_id, document_id, ordinal, text, start, "end", hash) values (?, 1, ?, ?, 0, ?, ?)',
          )
          .run(corpusId, i, text, text.length, passageHash(text)),
      );
      expect(await lexicalSearch(db, { query: "模型", corpusId, limit: 50 })).toHaveLength(0);

      migrate(drizzle(sqlite, { schema }), { migrationsFolder: MIGRATIONS_DIR });
      expect(await lexicalSearch(db, { query: "模型", corpusId, limit: 50 })).toHaveLength(
        TUTORIAL.filter((p) => p.includes("模型")).length,
      );
      expect(await lexicalSearch(db, { query: "向量", corpusId, limit: 50 })).toHaveLength(TUTORIAL.length);
      await db.run(sql`insert into passages_fts(passages_fts, rank) values ('integrity-check', 1)`);
      // Deleting the document takes its passages out of the index.
      sqlite.prepare("delete from documents").run();
      expect(await lexicalSearch(db, { query: "模型", corpusId, limit: 50 })).toHaveLength(0);
      await db.run(sql`insert into passages_fts(passages_fts, rank) values ('integrity-check', 1)`);
    },
  );
});
