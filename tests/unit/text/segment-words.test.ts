import { describe, expect, it } from "vitest";
import { fromFtsIndexText, ftsIndexText } from "@/lib/db/fts-text";
import { queryWords, toFtsQuery } from "@/lib/db/queries/lexical-search";
import { lowerWords, separateIdeographs, wordSpans, words } from "@/lib/text/segment-words";

describe("word segmentation", () => {
  it("cuts Chinese into dictionary words and keeps English words whole, with offsets", () => {
    expect(words("我爱北京天安门")).toEqual(["我", "爱", "北京", "天安门"]);
    expect(words("BERT模型的训练, fine-tuning")).toEqual(["BERT", "模型", "的", "训练", "fine", "tuning"]);
    const text = "用负样本训练 Model";
    for (const w of wordSpans(text)) expect(text.slice(w.start, w.end)).toBe(w.word);
    expect(lowerWords("Hello 世界")).toEqual(["hello", "世界"]);
  });

  it("puts a separator between Han/kana characters only, and removing it gives the text back", () => {
    expect(separateIdeographs("BERT模型 ok", "|")).toBe("BERT|模|型 ok");
    expect(separateIdeographs("plain English", "|")).toBeNull();
    expect(separateIdeographs("一", "|")).toBeNull();
    const text = "训练模型时，用 InfoNCE 损失。コーヒー";
    expect(fromFtsIndexText(ftsIndexText(text)!)).toBe(text);
  });

  it("builds keyword queries: English unchanged, a Chinese run as its phrase and its longer words", () => {
    expect(toFtsQuery("how to keep the bread fresh")).toBe('"keep" OR "bread" OR "fresh"');
    expect(queryWords("对比学习")).toEqual(["对比学习", "对比", "学习"]);
    expect(toFtsQuery("负样本")).toBe('"负 样 本"');
    expect(queryWords("对比学习方法")).toEqual(["对比学习方法", "对比", "学习", "方法"]);
    expect(queryWords("的")).toEqual(["的"]);
    expect(toFtsQuery("模型")).toBe('"模 型"');
    expect(queryWords("模型的")).toEqual(["模型"]);
    expect(toFtsQuery('"); drop')).toBe('"drop"');
  });
});
