import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTokenizer, type Tokenizer } from "@/lib/model/tokenizer/tokenizer";
import { writeTokenizerFiles } from "@/lib/model/tokenizer/tokenizer-files";
import { bertPreTokenize } from "@/lib/model/tokenizer/wordpiece-trainer";

// ids:        0       1        2        3        4         5      6        7        8      9       10     11      12      13     14   15   16   17    18       19        20      21       22        23   24   25    26       27      28
const VOCAB = [
  "[PAD]",
  "[UNK]",
  "[CLS]",
  "[SEP]",
  "[MASK]",
  "the",
  "quick",
  "brown",
  "fox",
  "jump",
  "##s",
  "over",
  "lazy",
  "dog",
  ".",
  ",",
  "!",
  "un",
  "##aff",
  "##able",
  "cafe",
  "naive",
  "resume",
  "'",
  "s",
  "中",
  "##ing",
  "runn",
  "hello",
];

const root = mkdtempSync(path.join(tmpdir(), "cognate-tok-"));
let tok: Tokenizer;
beforeAll(async () => {
  writeTokenizerFiles(root, VOCAB);
  tok = await loadTokenizer(root);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const ids = (text: string, maxLength = 128) => tok.ids(text, maxLength);

describe("BERT WordPiece tokenizer", () => {
  it("gives the reference ids (hand-computed for the BERT algorithm)", () => {
    expect(ids("The Quick brown FOX jumps over the lazy dog.")).toEqual([2, 5, 6, 7, 8, 9, 10, 11, 5, 12, 13, 14, 3]);
    // lowercasing and accent stripping
    expect(ids("Café naïve RÉSUMÉ!")).toEqual([2, 20, 21, 22, 16, 3]);
    // ## continuations, punctuation split
    expect(ids("unaffable, running")).toEqual([2, 17, 18, 19, 15, 27, 26, 3]);
    expect(ids("fox's dog!!!")).toEqual([2, 8, 23, 24, 13, 16, 16, 16, 3]);
    // unknown words become one [UNK], even when a prefix matches
    expect(ids("hello xyzzy unknownish")).toEqual([2, 28, 1, 1, 3]);
    // CJK characters are split one by one
    expect(ids("中国")).toEqual([2, 25, 1, 3]);
    expect(ids(" \t\n ")).toEqual([2, 3]);
    expect(tok.tokenize("Unaffable FOX's")).toEqual(["un", "##aff", "##able", "fox", "'", "s"]);
  });

  it("truncates at maxLength and keeps [SEP]", () => {
    expect(ids("the quick brown fox jumps", 5)).toEqual([2, 5, 6, 7, 3]);
    expect(() => ids("the", 1)).toThrow(/leaves no room for the special tokens/);
  });

  it("pads a batch to its longest row, optionally to a multiple", () => {
    const b = tok.encode(["the dog", "the quick brown fox"]);
    expect([b.batch, b.seqLen]).toEqual([2, 6]);
    expect([...b.inputIds].map(Number)).toEqual([2, 5, 13, 3, 0, 0, 2, 5, 6, 7, 8, 3]);
    expect([...b.attentionMask].map(Number)).toEqual([1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1]);
    expect([...b.tokenTypeIds].every((v) => v === 0n)).toBe(true);
    const m = tok.encode(["the dog", "the quick brown fox jumps over"], { maxLength: 6, padToMultipleOf: 8 });
    expect(m.seqLen).toBe(8);
    expect([...m.inputIds.slice(8)].map(Number)).toEqual([2, 5, 6, 7, 8, 3, 0, 0]);
  });

  it("builds the same tokenizer from vocab.txt alone, and respects do_lower_case", async () => {
    const dir = path.join(root, "vocab-only");
    mkdirSync(dir);
    writeTokenizerFiles(dir, VOCAB);
    unlinkSync(path.join(dir, "tokenizer.json"));
    const fromVocab = await loadTokenizer(dir);
    for (const text of ["The Quick brown FOX jumps", "Café naïve RÉSUMÉ!", "unaffable, running 中国"])
      expect(fromVocab.ids(text)).toEqual(ids(text));
    writeFileSync(path.join(dir, "tokenizer_config.json"), JSON.stringify({ do_lower_case: false }));
    expect((await loadTokenizer(dir)).ids("The the")).toEqual([2, 1, 5, 3]);
  });

  it("explains a folder without tokenizer files", async () => {
    const dir = path.join(root, "empty");
    mkdirSync(dir);
    await expect(loadTokenizer(dir)).rejects.toThrow(/neither tokenizer\.json nor vocab\.txt/);
  });

  it("pre-tokenises exactly as the trainer does", async () => {
    const texts = [
      "Héllo, wörld! It's 3.5% (approx.) — “quoted” 東京 tab\there",
      "Ünïcödé\u200b zero\u0000width e-mail@x.org ...",
    ];
    const words = [...new Set(texts.flatMap((t) => bertPreTokenize(t)))];
    const dir = path.join(root, "pre");
    mkdirSync(dir);
    writeTokenizerFiles(dir, [...VOCAB.slice(0, 5), ...words]);
    const t = await loadTokenizer(dir);
    for (const text of texts) expect(t.tokenize(text)).toEqual(bertPreTokenize(text));
  });
});
