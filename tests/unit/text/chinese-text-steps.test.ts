import { describe, expect, it } from "vitest";
import { clusterKeywords, keywordTokens } from "@/lib/cluster/cluster-keywords";
import { sharedTerms } from "@/lib/search/term-match";
import { detectLanguage } from "@/lib/text/detect-language";
import { joinUnits, textUnits } from "@/lib/text/segment-words";
import { augmentedViews, spanCrop, wordDropout } from "@/lib/train/pairs/augmentation";
import { wordOverlap, wordSet } from "@/lib/train/negatives/text-key";
import { seededRandom } from "@/lib/core/random";

const TRAINING = [
  "训练模型时，每个锚点句子需要一个正样本和若干负样本。",
  "困难负样本挖掘让模型学到更清楚的边界，负样本越难越好。",
  "批内负样本是最简单的做法，同一批中其他句子都当作负样本。",
  "对比学习的损失函数把正样本拉近，把负样本推远。",
];
const COOKING = [
  "面包放在冰箱里会变干，最好用布包起来放在室温下。",
  "烤面包之前要让面团发酵两个小时，温度在二十五度左右。",
  "做面包的面粉要选高筋面粉，面团才有弹性。",
  "刚出炉的面包要放凉再切，不然切面会塌。",
];

describe("cluster keywords of Chinese clusters", () => {
  it("are words, not whole sentences or single characters", () => {
    const keywords = clusterKeywords([...TRAINING, ...COOKING], [0, 0, 0, 0, 1, 1, 1, 1], 2, { top: 5 });
    expect(keywords[0].map((k) => k.term)).toContain("样本");
    expect(keywords[1].map((k) => k.term)).toContain("面包");
    for (const k of keywords.flat()) {
      expect(k.term.length).toBeGreaterThanOrEqual(2);
      expect(k.term.length).toBeLessThanOrEqual(4);
    }
    expect(keywordTokens("我们的模型在训练时使用了负样本")).toEqual(["模型", "训练", "使用", "样本"]);
  });

  it("in a mixed corpus keep English keywords as before", () => {
    expect(keywordTokens("Contrastive learning with BERT模型 and hard negatives")).toEqual([
      "contrastive",
      "learning",
      "bert",
      "模型",
      "hard",
      "negatives",
    ]);
  });
});

describe("shared words of a dense hit", () => {
  it("finds a Chinese query word inside a run and marks every occurrence", () => {
    const text = TRAINING[2];
    const { terms, ranges } = sharedTerms("负样本", text);
    expect(terms).toEqual(["负样本"]);
    expect(ranges.map(([s, e]) => text.slice(s, e))).toEqual(["负样本", "负样本"]);
  });

  it("merges overlapping matches of a run and its words, and still stems English", () => {
    const text = "对比学习 uses telescopes";
    const { terms, ranges } = sharedTerms("对比学习 telescope", text);
    expect(terms).toEqual(expect.arrayContaining(["对比学习", "telescope"]));
    expect(ranges.map(([s, e]) => text.slice(s, e))).toEqual(["对比学习", "telescopes"]);
  });
});

describe("augmentation and the near-duplicate filter on Chinese", () => {
  it("crops and drops words without adding spaces to Chinese", () => {
    const text = TRAINING[1];
    const units = textUnits(text);
    expect(units.length).toBeGreaterThan(8);
    expect(joinUnits(units)).toBe(text);
    const random = seededRandom(7);
    const crop = spanCrop(text, random);
    expect(crop).not.toContain(" ");
    expect(text.includes(crop.slice(0, 4))).toBe(true);
    expect(crop.length).toBeLessThan(text.length);
    expect(wordDropout(text, seededRandom(3), 0.5).length).toBeLessThan(text.length);
    const [a, b] = augmentedViews(text, seededRandom(11));
    expect(a).not.toBe(b);
    expect(joinUnits(textUnits("mixed 中文 text"))).toBe("mixed 中文 text");
  });

  it("measures word overlap of Chinese texts by words", () => {
    expect(wordSet("困难负样本挖掘").size).toBeGreaterThan(1);
    expect(wordOverlap(wordSet(TRAINING[0]), wordSet(`${TRAINING[0]}！`))).toBe(1);
    expect(wordOverlap(wordSet(TRAINING[0]), wordSet(TRAINING[1]))).toBeLessThan(0.5);
    expect(wordOverlap(wordSet(TRAINING[0]), wordSet(TRAINING[0].replace("若干", "多个")))).toBeGreaterThan(0.7);
  });
});

describe("document language", () => {
  it("tells Chinese, Japanese and English apart, and a Chinese text with English terms is Chinese", () => {
    expect(detectLanguage(TRAINING.join(""))).toBe("zh");
    expect(detectLanguage("用 InfoNCE 损失和 BERT 模型训练句向量，batch size 为 64。")).toBe("zh");
    expect(detectLanguage("私は東京に住んでいます。コーヒーが好きです。")).toBe("ja");
    expect(detectLanguage("The star wobbles as the planet pulls it, shifting its spectrum.")).toBe("en");
    expect(detectLanguage("12345 !!!")).toBe("und");
  });
});
