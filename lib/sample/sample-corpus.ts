import { splitPassages } from "@/lib/ingest/passages/split-passages";
import type { TrainingDocument } from "@/lib/train/pairs/corpus-pairs";
import astronomy from "@/lib/sample/documents/astronomy.json";
import cooking from "@/lib/sample/documents/cooking.json";
import gardening from "@/lib/sample/documents/gardening.json";
import finance from "@/lib/sample/documents/finance.json";
import marineBiology from "@/lib/sample/documents/marine-biology.json";
import networking from "@/lib/sample/documents/networking.json";
import medievalHistory from "@/lib/sample/documents/medieval-history.json";
import enduranceSports from "@/lib/sample/documents/endurance-sports.json";

/** One document of the built-in sample corpus; `topic` is kept as metadata (and serves as a clustering label). */
export interface SampleDocument {
  title: string;
  text: string;
  topic: string;
}

export const SAMPLE_CORPUS_NAME = "Sample: eight topics";
export const SAMPLE_CORPUS_DESCRIPTION =
  "A built-in set of 320 short original articles on eight distinct subjects (astronomy, cooking, gardening, personal finance, marine biology, computer networking, medieval history and endurance sports), loaded on first start so search and clustering can be tried at once.";

interface RawDocument {
  title: string;
  text: string;
}

/** The eight topics in corpus order: `slug` is the value stored in `SampleDocument.topic`, `label` is for display. */
export const SAMPLE_TOPICS: ReadonlyArray<{ slug: string; label: string }> = [
  { slug: "astronomy", label: "Astronomy and space exploration" },
  { slug: "cooking", label: "Cooking and baking" },
  { slug: "gardening", label: "Gardening and plants" },
  { slug: "finance", label: "Personal finance and investing" },
  { slug: "marine-biology", label: "Marine biology and the ocean" },
  { slug: "networking", label: "Computer networking and the internet" },
  { slug: "medieval-history", label: "Medieval European history" },
  { slug: "endurance-sports", label: "Running, cycling and endurance training" },
];

const DOCUMENTS_BY_TOPIC: Record<string, RawDocument[]> = {
  astronomy,
  cooking,
  gardening,
  finance,
  "marine-biology": marineBiology,
  networking,
  "medieval-history": medievalHistory,
  "endurance-sports": enduranceSports,
};

/** All sample documents, topic by topic. */
export function sampleDocuments(): SampleDocument[] {
  return SAMPLE_TOPICS.flatMap(({ slug }) =>
    DOCUMENTS_BY_TOPIC[slug].map((d) => ({ title: d.title, text: d.text, topic: slug })),
  );
}

/**
 * The sample as training reads a corpus (documents with their topic as metadata, passages as the
 * ingest splits them at `maxChars`), for benchmarks and tests that train without a database.
 */
export function sampleTrainingDocuments(maxChars = 600): TrainingDocument[] {
  let passageId = 0;
  return sampleDocuments().map((d, id) => ({
    id,
    title: d.title,
    metadata: { topic: d.topic },
    passages: splitPassages(d.text, { maxChars }).map((p) => ({ id: passageId++, text: p.text })),
  }));
}
