import { describe, expect, it } from "vitest";
import { normalizeText } from "@/lib/text/normalize";
import { sentenceSpans } from "@/lib/text/sentence-spans";
import { splitPassages, type PassageSpan } from "@/lib/ingest/passages/split-passages";

/** Small seeded PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  "the",
  "model",
  "learns",
  "Dr.",
  "e.g.",
  "U.S.",
  "3.5",
  "data",
  "über",
  "naïve",
  "😀",
  "i.e.",
  "encoder",
  "No.",
  "42",
  "Mr.",
  "(see",
  "below)",
  '"quoted"',
  "vs.",
  "etc.",
  "St.",
  "x",
];

/** A random document: paragraphs of sentences, some with line breaks, some enormous words. */
function randomDoc(next: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const paragraphs: string[] = [];
  const nParagraphs = 1 + Math.floor(next() * 6);
  for (let p = 0; p < nParagraphs; p++) {
    const sentences: string[] = [];
    const nSentences = 1 + Math.floor(next() * 8);
    for (let s = 0; s < nSentences; s++) {
      const words: string[] = [];
      const nWords = 1 + Math.floor(next() * (next() < 0.1 ? 300 : 25));
      for (let w = 0; w < nWords; w++) {
        const r = next();
        words.push(r < 0.02 ? "z".repeat(50 + Math.floor(next() * 900)) : r < 0.04 ? "😀".repeat(200) : pick(WORDS));
      }
      sentences.push(words.join(next() < 0.1 ? "\n" : " ") + pick([".", "!", "?", "...", "", "\u3002"]));
    }
    paragraphs.push(sentences.join(next() < 0.2 ? "  " : " "));
  }
  return paragraphs.join(pick(["\n\n", "\n \n\n", "\n\n\n"]));
}

/** The first broken invariant of splitPassages, or null. Plain checks: expect() per passage is slow. */
function brokenInvariant(doc: string, passages: PassageSpan[], maxChars: number): string | null {
  let previousEnd = 0;
  for (const [i, p] of passages.entries()) {
    if (p.ordinal !== i) return `passage ${i} has ordinal ${p.ordinal}`;
    if (p.text !== doc.slice(p.start, p.end)) return `passage ${i}: text differs from doc.slice(start, end)`;
    if (p.text.length === 0) return `passage ${i} is empty`;
    if (p.text.length > maxChars) return `passage ${i} has ${p.text.length} > ${maxChars} characters`;
    if (p.text !== p.text.trim()) return `passage ${i} has untrimmed whitespace`;
    if (p.start < previousEnd) return `passage ${i} overlaps the one before`;
    // Everything between passages is whitespace: full coverage of the content.
    if (doc.slice(previousEnd, p.start).trim() !== "") return `text before passage ${i} is in no passage`;
    previousEnd = p.end;
  }
  return doc.slice(previousEnd).trim() === "" ? null : "text after the last passage is in no passage";
}

function checkInvariants(doc: string, passages: PassageSpan[], maxChars: number): void {
  expect(brokenInvariant(doc, passages, maxChars), JSON.stringify(doc.slice(0, 200))).toBeNull();
}

describe("splitPassages invariants", () => {
  it("hold on many random documents and passage sizes", () => {
    const next = rng(20240611);
    for (let round = 0; round < 300; round++) {
      const raw = randomDoc(next);
      const doc = round % 2 === 0 ? normalizeText(raw) : raw;
      const maxChars = [2, 7, 40, 120, 600, 1000][round % 6];
      checkInvariants(doc, splitPassages(doc, { maxChars }), maxChars);
    }
  });

  it("returns nothing for an empty or blank document", () => {
    expect(splitPassages("")).toEqual([]);
    expect(splitPassages(" \n\n \t ")).toEqual([]);
  });

  it("keeps a short document in one passage, paragraph breaks included", () => {
    const doc = "Heading\n\nFirst sentence. Second sentence.";
    expect(splitPassages(doc)).toEqual([{ ordinal: 0, text: doc, start: 0, end: doc.length }]);
  });

  it("uses 600 characters by default", () => {
    const doc = normalizeText(Array.from({ length: 200 }, (_, i) => `Sentence number ${i} is here.`).join(" "));
    const passages = splitPassages(doc);
    checkInvariants(doc, passages, 600);
    expect(Math.max(...passages.map((p) => p.text.length))).toBeGreaterThan(500);
  });

  it("rejects a maxChars below 2", () => {
    expect(() => splitPassages("abc", { maxChars: 1 })).toThrow(RangeError);
    expect(() => splitPassages("abc", { maxChars: 2.5 })).toThrow(/maxChars/);
  });
});

describe("splitPassages boundaries", () => {
  const sentence = (n: number, words: number) =>
    Array.from({ length: words }, (_, i) => (i === 0 ? `Para${n}` : "word")).join(" ") + ".";

  it("packs whole sentences greedily", () => {
    const s = ["Alpha beta gamma.", "Delta epsilon zeta.", "Eta theta iota."];
    const passages = splitPassages(s.join(" "), { maxChars: 40 });
    expect(passages.map((p) => p.text)).toEqual([`${s[0]} ${s[1]}`, s[2]]);
  });

  it("prefers to end a passage at a paragraph break", () => {
    const p1 = [sentence(1, 30), sentence(1, 30)].join(" "); // about 350 characters
    const p2 = [sentence(2, 20), sentence(2, 20), sentence(2, 20)].join(" ");
    const doc = `${p1}\n\n${p2}`;
    expect(p1.length).toBeGreaterThan(300);
    expect(p1.length + 2 + p2.length).toBeGreaterThan(600);
    expect(splitPassages(doc).map((p) => p.text)).toEqual([p1, p2]);
  });

  it("cuts a single huge sentence at word boundaries", () => {
    const doc = Array.from({ length: 3000 }, (_, i) => `word${i}`).join(" ") + ".";
    const passages = splitPassages(doc, { maxChars: 100 });
    checkInvariants(doc, passages, 100);
    expect(passages.length).toBeGreaterThan(150);
    for (const p of passages) {
      expect(p.start === 0 || doc[p.start - 1] === " ").toBe(true);
      expect(p.end === doc.length || doc[p.end] === " ").toBe(true);
      expect(p.text.length).toBeGreaterThan(80); // packed, not word by word
    }
  });

  it("prefers line breaks when cutting a long list without punctuation", () => {
    const doc = Array.from({ length: 40 }, (_, i) => `list item number ${i}`).join("\n");
    const passages = splitPassages(doc, { maxChars: 100 });
    checkInvariants(doc, passages, 100);
    for (const p of passages) expect(p.end === doc.length || doc[p.end] === "\n").toBe(true);
  });

  it("cuts a word longer than maxChars, never inside a surrogate pair", () => {
    const doc = "😀".repeat(101);
    const passages = splitPassages(doc, { maxChars: 25 });
    checkInvariants(doc, passages, 25);
    for (const p of passages) expect(p.text).toMatch(/^(?:😀)+$/u);
    expect(passages.map((p) => p.text).join("")).toBe(doc);
  });

  it("does not end a sentence at an abbreviation", () => {
    const first = "This opening sentence is long enough to fill most of the passage.";
    for (const next of ["Dr. Smith arrived.", "Mr. Jones left.", "U.S. law applies.", "J. R. R. Tolkien wrote."]) {
      const doc = `${first} ${next}`;
      const abbreviation = next.split(" ")[0];
      const passages = splitPassages(doc, { maxChars: first.length + 1 + abbreviation.length + 2 });
      expect(passages.map((p) => p.text)).toEqual([first, next]);
    }
  });
});

describe("sentenceSpans", () => {
  const sentences = (s: string) => sentenceSpans(s, 0, s.length).map(([a, b]) => s.slice(a, b));

  it("splits on . ! ? and ellipses followed by a capital", () => {
    expect(sentences("One. Two! Three? Four... Five")).toEqual(["One.", "Two!", "Three?", "Four...", "Five"]);
  });

  it("keeps abbreviations, initials and decimals inside the sentence", () => {
    const text =
      "Dr. Smith paid $3.5 million in the U.S. in Jan. 2020, e.g. for a house. " +
      "Mrs. Brown vs. Prof. Green met at St. Paul's, i.e. the church. J. R. R. Tolkien wrote it. See No. 5 too.";
    expect(sentences(text)).toEqual([
      "Dr. Smith paid $3.5 million in the U.S. in Jan. 2020, e.g. for a house.",
      "Mrs. Brown vs. Prof. Green met at St. Paul's, i.e. the church.",
      "J. R. R. Tolkien wrote it.",
      "See No. 5 too.",
    ]);
  });

  it("ends a sentence at a year or number followed by a capital", () => {
    expect(sentences("It happened in 2020. Then it stopped. He was 42. She was not.")).toEqual([
      "It happened in 2020.",
      "Then it stopped.",
      "He was 42.",
      "She was not.",
    ]);
  });

  it("does not end a sentence before a lower-case word", () => {
    expect(sentences("He said wait... and then left. Done.")).toEqual(["He said wait... and then left.", "Done."]);
  });

  it("keeps closing quotes and brackets with their sentence", () => {
    expect(sentences('He said "Stop." Then (quietly.) She left.')).toEqual([
      'He said "Stop."',
      "Then (quietly.)",
      "She left.",
    ]);
  });

  it("treats a number at the start of a line as a list marker", () => {
    expect(sentences("1. Install it\n2. Run it")).toEqual(["1. Install it\n2. Run it"]);
  });

  it("splits after CJK full stops without spaces", () => {
    expect(sentences("今日は晴れです。明日は雨です。")).toEqual(["今日は晴れです。", "明日は雨です。"]);
  });

  it("does not split URLs, versions or file names", () => {
    expect(sentences("Visit example.com/a.b for v1.2.3 of setup.py now.")).toEqual([
      "Visit example.com/a.b for v1.2.3 of setup.py now.",
    ]);
  });
});
