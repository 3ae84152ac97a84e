import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { toDocumentInput } from "@/lib/jobs/handlers/ingest-handler";
import { sampleDocuments } from "@/lib/sample/sample-corpus";
import { estimatedTokens } from "@/lib/text/estimate-tokens";
import { DEFAULT_MAX_PASSAGE_TOKENS, splitPassages, type PassageSpan } from "@/lib/ingest/passages/split-passages";
import { bertPreTokenize } from "@/lib/model/tokenizer/wordpiece-trainer";

/** A long Chinese document: the first sentences of the Chinese STS training file, in paragraphs of ten. */
function chineseDocument(): string {
  const file = path.resolve(process.cwd(), "../shared/data/stsb-zh-train.csv");
  const sentences = fs.existsSync(file)
    ? fs
        .readFileSync(file, "utf8")
        .split("\n")
        .slice(1, 301)
        .map((l) => l.split(",")[0])
        .filter(Boolean)
    : Array.from(
        { length: 300 },
        (_, i) => `第${i}句：对比学习让相似的句子在向量空间中靠近，困难负样本让模型学得更清楚。`,
      );
  const paragraphs: string[] = [];
  for (let i = 0; i < sentences.length; i += 10) paragraphs.push(sentences.slice(i, i + 10).join(""));
  return paragraphs.join("\n\n");
}

/** WordPiece tokens of a passage at least (one per pre-token: every CJK character is one), with [CLS] and [SEP]. */
const tokensAtLeast = (text: string) => bertPreTokenize(text).length + 2;

function expectCovering(doc: string, passages: PassageSpan[]) {
  for (const p of passages) expect(doc.slice(p.start, p.end)).toBe(p.text);
  expect(
    passages
      .map((p) => p.text)
      .join("")
      .replace(/\s/g, ""),
  ).toBe(doc.replace(/\s/g, ""));
}

describe("passages sized in tokens", () => {
  it("splits Chinese so that every passage fits the embedder's window", () => {
    const doc = chineseDocument();
    const passages = splitPassages(doc, { maxChars: 600, maxTokens: DEFAULT_MAX_PASSAGE_TOKENS });
    expectCovering(doc, passages);
    for (const p of passages) {
      expect(tokensAtLeast(p.text)).toBeLessThanOrEqual(DEFAULT_MAX_PASSAGE_TOKENS);
      expect(estimatedTokens(p.text)).toBeLessThanOrEqual(DEFAULT_MAX_PASSAGE_TOKENS);
    }
    // Passages are still full: the limit is used, not a fraction of it.
    const mean = passages.reduce((s, p) => s + estimatedTokens(p.text), 0) / passages.length;
    expect(mean).toBeGreaterThan(DEFAULT_MAX_PASSAGE_TOKENS * 0.6);
    // Without the token limit the same text makes passages of hundreds of tokens.
    expect(Math.max(...splitPassages(doc, { maxChars: 600 }).map((p) => tokensAtLeast(p.text)))).toBeGreaterThan(300);
  });

  it("cuts a long Chinese sentence after a comma, not in the middle of a clause", () => {
    const clause = "我们在每个批次中为锚点句子准备一个正样本和若干困难负样本";
    const doc = `${Array.from({ length: 12 }, () => clause).join("，")}。`;
    const passages = splitPassages(doc, { maxTokens: 64 });
    expectCovering(doc, passages);
    expect(passages.length).toBeGreaterThan(1);
    for (const p of passages.slice(0, -1)) expect(p.text.endsWith("，")).toBe(true);
    for (const p of passages) expect(tokensAtLeast(p.text)).toBeLessThanOrEqual(64);
  });

  it("cuts a run with no punctuation at all within the limit", () => {
    const doc = "模".repeat(1000);
    const passages = splitPassages(doc, { maxTokens: 128 });
    expectCovering(doc, passages);
    for (const p of passages) expect(tokensAtLeast(p.text)).toBeLessThanOrEqual(128);
  });

  it("ingest splits in tokens by default; mixed text fits as well", () => {
    const mixed = Array.from(
      { length: 40 },
      (_, i) => `Sentence ${i} about contrastive learning. 第${i}句讲对比学习和负样本。`,
    ).join(" ");
    const input = toDocumentInput({ title: "mixed", text: mixed, metadata: {} }, 600);
    for (const p of input.passages) expect(estimatedTokens(p.text)).toBeLessThanOrEqual(DEFAULT_MAX_PASSAGE_TOKENS);
  });

  it("leaves English passages that fit as they were", () => {
    const docs = sampleDocuments().slice(0, 40);
    const changed = docs.filter((d) => {
      const byChars = splitPassages(d.text, { maxChars: 600 });
      return (
        byChars.every((p) => estimatedTokens(p.text) <= 128) &&
        JSON.stringify(byChars) !== JSON.stringify(splitPassages(d.text, { maxChars: 600, maxTokens: 128 }))
      );
    });
    expect(changed).toEqual([]);
  });

  it("refuses a token limit too small to hold anything", () => {
    expect(() => splitPassages("text", { maxTokens: 3 })).toThrow(RangeError);
  });
});
