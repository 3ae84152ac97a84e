import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { toFtsQuery } from "@/lib/db/queries/lexical-search";
import { Bm25Index } from "@/lib/eval/bm25";
import { lexicalTokens, queryTerms } from "@/lib/eval/lexical-tokens";
import { sparseCosine, TfIdf } from "@/lib/eval/tfidf";

const DOCS = [
  "the cat sat on the mat",
  "a dog chased the cat across the yard and the dog barked",
  "birds sing in the morning",
  "the market price of oil rose",
  "cat food and dog food and bird food",
];

describe("lexical tokens", () => {
  it("lower-cases, strips diacritics, stems, and segments Chinese into words", () => {
    expect(lexicalTokens("Café TELESCOPES orbiting")).toEqual(["caf", "telescop", "orbit"]);
    expect(lexicalTokens("我爱北京天安门")).toEqual(["我", "爱", "北京", "天安门"]);
  });

  it("leaves stop words out of a query unless it has nothing else", () => {
    expect(queryTerms("how to keep the bread fresh")).toEqual(["keep", "bread", "fresh"]);
    expect(queryTerms("to be or not")).toEqual(["not"]);
    expect(queryTerms("to be")).toEqual(["to", "be"]);
  });
});

describe("in-memory BM25", () => {
  it("scores as SQLite FTS5's bm25() does on the same documents", () => {
    const db = new Database(":memory:");
    db.exec("create virtual table t using fts5(text, tokenize='porter unicode61 remove_diacritics 2')");
    const insert = db.prepare("insert into t(rowid, text) values (?, ?)");
    DOCS.forEach((d, i) => insert.run(i, d));
    const index = new Bm25Index(DOCS);
    for (const query of ["cat", "dog food", "oil price", "morning birds"]) {
      const fts = db
        .prepare(`select rowid as id, -bm25(t) as score from t where t match ? order by score desc`)
        .all(toFtsQuery(query)) as { id: number; score: number }[];
      const mine = index.search(query, 10);
      expect(mine.map((h) => h.id)).toEqual(fts.map((h) => h.id));
      mine.forEach((h, i) => expect(h.score).toBeCloseTo(fts[i].score, 6));
    }
    db.close();
  });

  it("returns only documents that share a term, at most `depth`", () => {
    const index = new Bm25Index(DOCS);
    expect(index.search("telescope", 10)).toEqual([]);
    expect(index.search("the cat dog", 1)).toHaveLength(1);
  });
});

describe("TF-IDF cosine", () => {
  it("is 1 for the same words, 0 for none shared, between for some", () => {
    const tfidf = new TfIdf(DOCS);
    const v = (t: string) => tfidf.vector(t);
    expect(sparseCosine(v("cat food"), v("food cat"))).toBeCloseTo(1, 10);
    expect(sparseCosine(v("cat"), v("oil price"))).toBe(0);
    const some = sparseCosine(v("cat food"), v("dog food"));
    expect(some).toBeGreaterThan(0);
    expect(some).toBeLessThan(1);
  });
});
