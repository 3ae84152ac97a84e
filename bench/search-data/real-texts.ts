/**
 * Real text for the search benchmark: the sentences of the shared STS-B files (English and
 * Chinese, train and dev) and of the sample corpus, then windows of 2, 3, 4… consecutive
 * sentences of each source (passages of several sentences, as the ingest splitter makes),
 * until `count` texts are gathered or the windows run out.
 */
import fs from "node:fs";
import path from "node:path";
import { readCsvRecords } from "@/lib/ingest/formats/csv-records";
import { sampleDocuments } from "@/lib/sample/sample-corpus";

/** `../shared/data` beside the project root, where DESIGN.md says the shared data lives. */
export const SHARED_DATA_DIR = path.resolve(process.cwd(), "..", "shared", "data");
const STS_FILES = ["stsb-en-train.csv", "stsb-en-dev.csv", "stsb-zh-train.csv", "stsb-zh-dev.csv"];
const LONGEST_WINDOW = 8;

/** Sentences in source order, one list per source (a file or the sample corpus), duplicates dropped. */
export function realSentenceSources(dataDir = SHARED_DATA_DIR): string[][] {
  const seen = new Set<string>();
  const keep = (s: string) => {
    const t = s.trim();
    if (!t || seen.has(t)) return false;
    seen.add(t);
    return true;
  };
  const sources: string[][] = [];
  for (const name of STS_FILES) {
    const file = path.join(dataDir, name);
    if (!fs.existsSync(file)) continue;
    const [, ...records] = readCsvRecords(fs.readFileSync(file, "utf8"), name);
    sources.push(records.flatMap((r) => [r.fields[0] ?? "", r.fields[1] ?? ""]).filter(keep));
  }
  const sample = sampleDocuments().flatMap((d) => [d.title, ...d.text.split(/(?<=[.!?])\s+/)]);
  sources.push(sample.filter(keep));
  return sources;
}

/**
 * Up to `count` texts: every sentence, then windows of 2, 3, … consecutive sentences of one
 * source; and `queries` held-out sentences, spread evenly over the sources, that occur in no
 * text (no window contains them either, so a query is never a near-copy of a stored text).
 */
export function realTextsAndQueries(
  count: number,
  queries: number,
  dataDir = SHARED_DATA_DIR,
): { texts: string[]; queries: string[] } {
  const sources = realSentenceSources(dataDir);
  const total = sources.reduce((a, s) => a + s.length, 0);
  const stride = queries > 0 ? Math.max(1, Math.floor(total / queries)) : Infinity;
  const heldOut = sources.map(() => new Set<number>());
  const asked: string[] = [];
  let seen = 0;
  sources.forEach((sentences, si) =>
    sentences.forEach((sentence, i) => {
      if (asked.length < queries && seen++ % stride === Math.floor(stride / 2)) {
        heldOut[si].add(i);
        asked.push(sentence);
      }
    }),
  );
  const texts: string[] = [];
  for (let width = 1; width <= LONGEST_WINDOW && texts.length < count; width++) {
    sources.forEach((sentences, si) => {
      const joiner = /[\u3400-\u9fff]/.test(sentences[0] ?? "") ? "" : " ";
      for (
        let i = 0;
        i + width <= sentences.length && texts.length < count;
        i += width === 1 ? 1 : Math.ceil(width / 2)
      ) {
        let clean = true;
        for (let j = i; j < i + width && clean; j++) clean = !heldOut[si].has(j);
        if (clean) texts.push(sentences.slice(i, i + width).join(joiner));
      }
    });
  }
  return { texts, queries: asked };
}

/** Up to `count` texts, as {@link realTextsAndQueries} without held-out queries. */
export function realTexts(count: number, dataDir = SHARED_DATA_DIR): string[] {
  return realTextsAndQueries(count, 0, dataDir).texts;
}
