import { describe, expect, it } from "vitest";
import { estimatedTokens } from "@/lib/text/estimate-tokens";
import { chooseRecipe } from "@/lib/train/recipe/choose-recipe";
import type { TrainingDocument } from "@/lib/train/pairs/corpus-pairs";
import type { PairFile } from "@/lib/train/pairs/pair-file";
import { parseTrainerOptions } from "@/lib/train/trainer/trainer-options";

const sentence = (i: number) => `Sentence number ${i} says something short about topic ${i % 7}.`;
const passage = (i: number) =>
  Array.from(
    { length: 12 },
    (_, j) => `This is sentence ${j} of passage ${i}, which goes on for a while about its subject.`,
  ).join(" ");

function corpus(
  n: number,
  text: (i: number) => string,
  title = (i: number) => `A title about thing ${i}`,
): TrainingDocument[] {
  return Array.from({ length: n }, (_, i) => ({
    id: i,
    title: title(i),
    metadata: { question: `question ${i}?`, answer: `answer ${i}.` },
    passages: [{ id: i, text: text(i) }],
  }));
}

const scoredFile = (n: number): PairFile => ({
  shape: "scored",
  skipped: 0,
  examples: Array.from({ length: n }, (_, i) => ({
    kind: "scored" as const,
    a: sentence(i),
    b: sentence(i + 1),
    score: i % 6,
  })),
});

describe("chooseRecipe", () => {
  it("gives a scratch run on a pair file a small encoder, a large rate, several epochs and a budget that grows with the data", () => {
    const small = chooseRecipe({ documents: [], pairFile: scoredFile(200), base: "scratch" });
    const large = chooseRecipe({ documents: [], pairFile: scoredFile(12_000), base: "scratch" });
    expect(small.options).toMatchObject({
      lr: 1e-3,
      batchSize: 64,
      epochs: 8,
      mixing: "proportional",
      scratch: { layers: 2, hidden: 256 },
    });
    expect(small.options.budgetMinutes).toBe(3);
    expect(large.options.budgetMinutes).toBe(15);
    // Short sentences: a short maximum length.
    expect(small.options.maxLength).toBe(64);
    expect(parseTrainerOptions(large.options).budgetMinutes).toBe(15);
    expect(small.reasons.length).toBeGreaterThanOrEqual(7);
    expect(small.reasons.every((r) => r.length > 20)).toBe(true);
  });

  it("sizes the maximum length from long passages and the budget from titled or column corpora alike", () => {
    const titled = chooseRecipe({ documents: corpus(400, passage), base: "scratch" });
    expect(titled.options.maxLength).toBe(256);
    expect(titled.options.budgetMinutes).toBe(3);
    const columns = chooseRecipe({
      documents: corpus(12_000, sentence, () => "row.csv #1"),
      base: "scratch",
      given: { columns: ["question", "answer"] },
    });
    expect(columns.options.budgetMinutes).toBe(15);
    expect(columns.options.columns).toEqual(["question", "answer"]);
  });

  it("fine-tunes a pretrained base gently", () => {
    const recipe = chooseRecipe({ documents: corpus(50, sentence), base: "pretrained" });
    expect(recipe.options).toMatchObject({ lr: 2e-5, epochs: 1 });
    expect(recipe.options.scratch).toBeUndefined();
  });

  it("lets every given option win, and sets no default budget over given steps", () => {
    const recipe = chooseRecipe({
      documents: corpus(50, sentence),
      base: "scratch",
      given: { lr: 5e-4, steps: 40, scratch: { layers: 1 }, maxLength: 32 },
    });
    expect(recipe.options).toMatchObject({ lr: 5e-4, steps: 40, maxLength: 32, scratch: { layers: 1 } });
    expect(recipe.options.scratch?.hidden).toBeUndefined();
    expect(recipe.options.budgetMinutes).toBeUndefined();
    expect(recipe.reasons.some((r) => r.includes("learning rate"))).toBe(false);
  });

  it("estimates about a token per word and one per Chinese character", () => {
    expect(estimatedTokens("two words")).toBe(5);
    expect(estimatedTokens("我爱北京")).toBe(6);
  });
  it("never chooses a max length beyond the base encoder's positions", () => {
    const long = corpus(50, passage);
    expect(chooseRecipe({ documents: long, base: "pretrained" }).options.maxLength).toBe(256);
    const capped = chooseRecipe({ documents: long, base: "pretrained", maxPositions: 128 });
    expect(capped.options.maxLength).toBe(128);
    expect(capped.reasons.join("\n")).toMatch(/positions for 128 only/);
  });
});
