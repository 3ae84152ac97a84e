import { realTextsAndQueries } from "@/bench/search-data/real-texts";

/** The benchmark's upload: one JSON Lines file, and held-out queries for the search load. */
export interface ScaleCorpus {
  /** The upload: one record per text, `{"text": ...}` (titles default to "<file> #<record>"). */
  jsonl: string;
  /** Texts in the upload (each short enough to stay one passage at the default passage length). */
  texts: number;
  /** Sentences that occur in no uploaded text, for the search load. */
  queries: string[];
}

/**
 * `passages` texts of real prose (the STS-B sentences of ../shared/data, English and Chinese, and
 * the sample corpus, then windows of 2, 3… consecutive sentences: bench/search-data/real-texts),
 * one document each so that every text is one passage, and `queries` held-out sentences.
 * @throws when the shared data holds fewer texts than asked for
 */
export function scaleCorpus(passages: number, queries = 200): ScaleCorpus {
  const { texts, queries: asked } = realTextsAndQueries(passages, queries);
  if (texts.length < passages)
    throw new Error(`the shared data gives ${texts.length} texts, fewer than --passages ${passages}`);
  return {
    jsonl: texts.map((text) => JSON.stringify({ text })).join("\n") + "\n",
    texts: texts.length,
    queries: asked,
  };
}
