import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCorpus } from "@/lib/db/queries/corpora";
import { insertDocuments } from "@/lib/db/queries/documents";
import { toFtsQuery } from "@/lib/db/queries/lexical-search";
import { withoutStopWords } from "@/lib/search/highlight-marks";
import { lexicalEngine } from "@/lib/search/lexical-engine";
import { sharedTerms } from "@/lib/search/term-match";
import { passageHash } from "@/lib/ingest/passages/passage-hash";
import { isStopWord } from "@/lib/text/stop-words";
import { tempDatabase } from "@/tests/helpers/temp-db";

const TEXT = "Do not go out at noon: the observatory opens when we get dark skies, and it is going to rain.";
const marked = (text: string, ranges: [number, number][]) => ranges.map(([s, e]) => text.slice(s, e));

let t: ReturnType<typeof tempDatabase>;
let corpusId: number;
beforeAll(async () => {
  t = tempDatabase();
  corpusId = (await createCorpus(t.db, { name: "c" })).id;
  await insertDocuments(t.db, { corpusId, uploadId: null, firstOrdinal: 0 }, [
    {
      title: "Night sky",
      text: TEXT,
      metadata: {},
      passages: [{ ordinal: 0, text: TEXT, start: 0, end: TEXT.length, hash: passageHash(TEXT) }],
    },
  ]);
});
afterAll(() => t.cleanup());

describe("stop words in highlights and shared words", () => {
  it("knows the function words users saw highlighted, and leaves content words and negation alone", () => {
    for (const w of ["do", "Go", "the", "going", "went", "get", "we", "when", "it", "is"])
      expect(isStopWord(w), w).toBe(true);
    for (const w of ["observatory", "noon", "dark", "rain", "not", "new", "water"])
      expect(isStopWord(w), w).toBe(false);
  });

  it("never counts a stop word as a shared word, nor highlights it (dense hits)", () => {
    const { terms, ranges } = sharedTerms("how do I go to the observatory when it rains", TEXT);
    expect(terms.sort()).toEqual(["observatory", "rains"]);
    expect(marked(TEXT, ranges)).toEqual(["observatory", "rain"]);
    expect(sharedTerms("do we go", TEXT)).toEqual({ terms: [], ranges: [] });
  });

  it("drops stop words from BM25's marks, whole ranges or words inside them", () => {
    const text = "we go to the observatory";
    expect(
      marked(
        text,
        withoutStopWords(text, [
          [0, 2],
          [3, 5],
          [13, 24],
        ]),
      ),
    ).toEqual(["observatory"]);
    expect(marked(text, withoutStopWords(text, [[0, 24]]))).toEqual(["observatory"]);
  });

  it("keyword search: a query of stop words alone still finds the passage, with nothing highlighted or shared", async () => {
    expect(toFtsQuery("do go")).toBe('"do" OR "go"');
    const [hit] = await lexicalEngine(t.db).search({ query: "do go", mode: "lexical", corpusId, k: 5 });
    expect(hit.text).toBe(TEXT);
    expect(hit.highlights).toEqual([]);
    expect(hit.explanation?.sharedTerms).toEqual([]);
  });

  it("keyword search: stemmed matches that land on a stop word are not highlighted", async () => {
    // Porter stems "going" and "go" alike; only the content words are marked and listed.
    const [hit] = await lexicalEngine(t.db).search({
      query: "going observatory when raining",
      mode: "lexical",
      corpusId,
      k: 5,
    });
    expect(marked(hit.text, hit.highlights)).toEqual(["observatory", "rain"]);
    expect(hit.explanation?.sharedTerms.sort()).toEqual(["observatory", "raining"]);
  });
});
