import { describe, expect, it } from "vitest";
import {
  columnPairs,
  describeCorpus,
  isInformativeTitle,
  neighbourPairs,
  titlePassagePairs,
  type TrainingDocument,
} from "@/lib/train/pairs/corpus-pairs";
import { augmentedViews, spanCrop, wordDropout } from "@/lib/train/pairs/augmentation";
import { derivedRandom } from "@/lib/train/pairs/derive-seed";
import { planSources } from "@/lib/train/pairs/source-plan";

const doc = (
  id: number,
  title: string,
  passages: string[],
  metadata: Record<string, unknown> = {},
): TrainingDocument => ({
  id,
  title,
  metadata,
  passages: passages.map((text, i) => ({ id: id * 100 + i, text })),
});

describe("corpus structure pairs", () => {
  it("tells informative titles from file names, stems and numbers", () => {
    for (const t of ["notes.md", "articles.csv #12", "meeting-notes_2024", "Document 7", "12", "ab"])
      expect(isInformativeTitle(t), t).toBe(false);
    for (const t of ["Growing tomatoes in pots", "Why the sky is blue"]) expect(isInformativeTitle(t), t).toBe(true);
    expect(isInformativeTitle("Short text", "short text")).toBe(false);
  });

  it("pairs titles with passages, neighbours with neighbours, and chosen columns", () => {
    const docs = [
      doc(1, "Tomato care", ["Water daily.", "Stake the plants."], { q: "How to grow tomatoes?", a: "Sun and water." }),
      doc(2, "data.csv #2", ["Lone passage."]),
    ];
    expect(titlePassagePairs(docs)).toEqual([
      { kind: "pair", anchor: "Tomato care", positive: "Water daily." },
      { kind: "pair", anchor: "Tomato care", positive: "Stake the plants." },
    ]);
    expect(neighbourPairs(docs)).toEqual([{ kind: "pair", anchor: "Water daily.", positive: "Stake the plants." }]);
    expect(columnPairs(docs, "q", "a")).toEqual([
      { kind: "pair", anchor: "How to grow tomatoes?", positive: "Sun and water." },
    ]);
    expect(describeCorpus(docs)).toMatchObject({
      documents: 2,
      passages: 3,
      informativeTitles: 1,
      multiPassageDocuments: 1,
      textColumns: ["q", "a"],
    });
  });

  it("defaults to title ↔ passage and neighbours when the corpus has them, else SimCSE and augmentation", () => {
    const titled = Array.from({ length: 4 }, (_, i) =>
      doc(i, `Topic number ${"abcd"[i]} explained`, [`first part ${i}`, `second part ${i}`]),
    );
    expect(planSources({ documents: titled, seed: 1 }).sources.map((s) => s.source.name)).toEqual([
      "title",
      "neighbours",
    ]);
    const untitled = Array.from({ length: 4 }, (_, i) => doc(i, `file.txt #${i}`, [`only passage ${i}`]));
    expect(planSources({ documents: untitled, seed: 1 }).sources.map((s) => s.source.name)).toEqual([
      "simcse",
      "augment",
    ]);
  });

  it("makes two different views of a text by span cropping and word dropout", () => {
    const text = "the quick brown fox jumps over the lazy dog near the quiet river bank today";
    const random = derivedRandom(3, "t");
    const crop = spanCrop(text, random);
    expect(text).toContain(crop);
    expect(crop.split(" ").length).toBeLessThan(text.split(" ").length);
    expect(wordDropout("one", random, 0.99)).toBe("one");
    const [a, b] = augmentedViews(text, derivedRandom(4, "v"));
    expect(a).not.toBe(b);
  });
});
