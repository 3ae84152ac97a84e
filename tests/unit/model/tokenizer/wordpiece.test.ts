import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { bertPreTokenize, trainWordPiece } from "@/lib/model/tokenizer/wordpiece-trainer";

const SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

function stsSentences(): string[] {
  const file = path.resolve(import.meta.dirname, "../../../../../shared/data/stsb-en-dev.csv");
  const rows = parse(readFileSync(file, "utf8")) as string[][];
  return rows.flatMap((r) => [r[0], r[1]]);
}

describe("bertPreTokenize", () => {
  it("lowercases, strips accents and splits on whitespace and punctuation", () => {
    expect(bertPreTokenize("Héllo, WÖRLD! it's 3.5")).toEqual([
      "hello",
      ",",
      "world",
      "!",
      "it",
      "'",
      "s",
      "3",
      ".",
      "5",
    ]);
    expect(bertPreTokenize("Héllo", false)).toEqual(["Héllo"]);
    expect(bertPreTokenize("東京tower")).toEqual(["東", "京", "tower"]);
  });
});

describe("trainWordPiece", () => {
  const corpus = [
    ...Array(40).fill("the cat sat on the mat"),
    ...Array(30).fill("a dog sat on a log"),
    ...Array(5).fill("zebras are rare"),
    "xylophone once",
  ];

  it("puts the specials first, then every character and its ## form", () => {
    const vocab = trainWordPiece(corpus, { vocabSize: 80 });
    expect(vocab.slice(0, 5)).toEqual(SPECIALS);
    for (const c of new Set(corpus.join("").replace(/\s/g, ""))) {
      expect(vocab).toContain(c);
      expect(vocab).toContain(`##${c}`);
    }
    expect(new Set(vocab).size).toBe(vocab.length);
  });

  it("respects vocabSize and minFrequency, and makes frequent words single tokens", () => {
    const vocab = trainWordPiece(corpus, { vocabSize: 60 });
    expect(vocab.length).toBe(60);
    for (const w of ["the", "cat", "sat", "on", "mat", "dog", "log"]) expect(vocab).toContain(w);
    // "xylophone" occurs once: below minFrequency 2 its letters are never merged.
    const all = trainWordPiece(corpus, { vocabSize: 10_000 });
    expect(all.length).toBeLessThan(10_000);
    expect(all.some((t) => t.startsWith("xy"))).toBe(false);
    expect(trainWordPiece(corpus, { vocabSize: 10_000, minFrequency: 1 })).toContain("xylophone");
  });

  it("is deterministic", () => {
    const texts = stsSentences().slice(0, 600);
    expect(trainWordPiece(texts, { vocabSize: 800 })).toEqual(trainWordPiece(texts, { vocabSize: 800 }));
  });

  it("learns the frequent words of real sentences quickly", () => {
    const texts = stsSentences();
    const started = performance.now();
    const vocab = trainWordPiece(texts, { vocabSize: 4000 });
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(vocab.length).toBe(4000);
    for (const w of ["the", "a", "man", "woman", "is", "playing", "and"]) expect(vocab).toContain(w);
    // The unweighted ratio score, kept as an option, leaves many frequent words split.
    const ratio = new Set(trainWordPiece(texts, { vocabSize: 4000, score: "ratio" }));
    expect(ratio.size).toBe(4000);
    expect(["and", "are", "said"].some((w) => !ratio.has(w))).toBe(true);
  });

  it("refuses a vocabSize that cannot hold the specials", () => {
    expect(() => trainWordPiece(corpus, { vocabSize: 3 })).toThrow(/too small/);
  });
});
