import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { NextIntlClientProvider } from "next-intl";
import { describe, expect, it } from "vitest";
import { TrainingSettingsList } from "@/components/training/training-settings";
import type { TrainingSettings } from "@/lib/jobs/training-run-view";
import { trainerOptionsSchema } from "@/lib/train/trainer/trainer-options";
import en from "@/messages/en.json";
import zh from "@/messages/zh-CN.json";

/** A run with hard negatives, a symmetric learnt-temperature loss and automatic steps and learning rate. */
const SETTINGS: TrainingSettings = {
  baseModel: "dir:/srv/cognate/models/mini-lm",
  pairFile: null,
  options: {
    ...trainerOptionsSchema.parse({}),
    loss: "infonce",
    symmetric: true,
    learnTemperature: true,
    temperature: 0.05,
    similarity: "scaled-squared-l2",
    negatives: { ...trainerOptionsSchema.parse({}).negatives, mode: "hard", perAnchor: 2, remineEvery: 100 },
    sources: ["title", "neighbours"],
    lr: undefined,
    steps: undefined,
    epochs: 1,
    warmupRatio: 0.1,
    decay: "cosine",
    batchSize: 32,
    accumulation: 2,
    maxLength: 128,
  },
};

/** The settings list's rows as [label, value] pairs. */
function rows(locale: string, messages: object): [string, string][] {
  const html = renderToStaticMarkup(
    createElement(NextIntlClientProvider, {
      locale,
      messages,
      timeZone: "UTC",
      children: createElement(TrainingSettingsList, { settings: SETTINGS, scratch: false }),
    }),
  );
  const cells = [...html.matchAll(/<d[td][^>]*>([^<]*)<\/d[td]>/g)].map((m) =>
    m[1].replace(/&quot;/g, '"').replace(/&amp;/g, "&"),
  );
  return cells.flatMap((c, i) => (i % 2 === 0 ? [[c, cells[i + 1]] as [string, string]] : []));
}

describe("the training settings list", () => {
  it("keeps the English values as they were", () => {
    expect(rows("en", en)).toEqual([
      ["Base model", "the local folder “mini-lm”"],
      ["Pair sources", "title, neighbours"],
      ["Loss", "infonce (symmetric)"],
      ["Similarity", "scaled-squared-l2"],
      ["Temperature", "0.05 (learnt)"],
      ["Negatives", "in-batch + hard (re-mined every 100 steps), 2 per anchor"],
      ["Peak learning rate", "automatic (2e-5 for a pretrained base)"],
      ["Schedule", "10% warmup, cosine decay"],
      ["Batch size", "32 pairs in 2 pieces"],
      ["Steps", "automatic (1 epoch)"],
      ["Max length", "128 tokens"],
    ]);
  });

  it("says every value in Simplified Chinese for a Chinese reader", () => {
    expect(rows("zh-CN", zh).map(([, value]) => value)).toEqual([
      "本地文件夹“mini-lm”",
      "标题 ↔ 正文、相邻段落",
      "InfoNCE（softmax 对比）（对称）",
      "负的缩放平方 L2",
      "0.05（可学习）",
      "批内 + 困难负样本（每 100 步重新挖掘），每个锚点 2 个",
      "自动（预训练基础模型 2e-5）",
      "10% 预热，余弦衰减",
      "32 对，分 2 次累积",
      "自动（1 轮）",
      "128 个词元",
    ]);
  });
});
