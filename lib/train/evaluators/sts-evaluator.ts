import type { EvaluationResult, Vector } from "@/lib/train/evaluators/evaluation-result";
import { pearson, spearman } from "@/lib/train/evaluators/rank-correlation";
import { cosine } from "@/lib/core/vector-math";

export type StsMetric = "spearman" | "pearson";

/** Graded sentence pairs, either already scored or as embeddings to score by cosine. */
export type StsInput =
  | { similarities: readonly number[]; gold: readonly number[] }
  | { a: readonly Vector[]; b: readonly Vector[]; gold: readonly number[] };

/**
 * STS evaluation: Spearman (the primary metric, as in the STS benchmark and MTEB) and Pearson
 * of the model's similarities against gold scores (0–5 or any scale), both ×1 (not ×100).
 * NaN when the similarities or the gold scores are constant.
 * @param input `similarities[i]` or cosine(`a[i]`, `b[i]`) against `gold[i]`
 */
export function evaluateSts(input: StsInput): EvaluationResult<StsMetric> {
  const similarities = "similarities" in input ? [...input.similarities] : pairCosines(input.a, input.b);
  if (similarities.length !== input.gold.length) {
    throw new Error(
      `STS evaluation: ${similarities.length} pairs but ${input.gold.length} gold scores: give one score per pair`,
    );
  }
  return {
    primary: "spearman",
    metrics: { spearman: spearman(similarities, input.gold), pearson: pearson(similarities, input.gold) },
  };
}

function pairCosines(a: readonly Vector[], b: readonly Vector[]): number[] {
  if (a.length !== b.length) throw new Error(`STS evaluation: ${a.length} first sentences but ${b.length} second ones`);
  return a.map((x, i) => cosine(x, b[i]));
}
