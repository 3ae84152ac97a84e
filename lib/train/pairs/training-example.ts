/**
 * One unit of supervision, as texts. A `pair` says that `anchor` and `positive` mean the
 * same (question/answer, title/passage, two views of one text); its optional `negatives`
 * are texts known not to match the anchor (uploaded triplets, or filled in by a negative
 * sampler). A `scored` pair carries a graded similarity (STS-style, any scale: only the
 * order matters to CoSENT).
 */
export type TrainingExample = PairExample | ScoredExample;

export interface PairExample {
  kind: "pair";
  anchor: string;
  positive: string;
  negatives?: string[];
}

export interface ScoredExample {
  kind: "scored";
  a: string;
  b: string;
  score: number;
}

/** The texts an example puts into a batch (a SimCSE pair counts its text once). */
export function exampleTexts(example: TrainingExample): string[] {
  if (example.kind === "scored") return example.a === example.b ? [example.a] : [example.a, example.b];
  const texts = example.anchor === example.positive ? [example.anchor] : [example.anchor, example.positive];
  return example.negatives ? [...texts, ...example.negatives] : texts;
}
