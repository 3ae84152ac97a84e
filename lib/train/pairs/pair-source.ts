import { augmentedViews } from "@/lib/train/pairs/augmentation";
import { derivedRandom } from "@/lib/train/pairs/derive-seed";
import type { TrainingExample } from "@/lib/train/pairs/training-example";

/**
 * A finite, indexable supply of training examples. `example(i, epoch)` is a pure function,
 * so a sampler can store just (epoch, position) and a resumed run sees the same examples;
 * sources that augment draw from a generator seeded by (seed, name, index, epoch).
 */
export interface PairSource {
  readonly name: string;
  /** `pair` or `scored`: every example of a source has the same kind, so one loss fits a batch. */
  readonly kind: TrainingExample["kind"];
  /** Examples per epoch. */
  readonly size: number;
  example(index: number, epoch: number): TrainingExample;
}

/** A source over a fixed list (uploaded pairs, title ↔ passage, neighbours, …). */
export function listSource(name: string, examples: readonly TrainingExample[]): PairSource {
  const kind = examples[0]?.kind ?? "pair";
  if (examples.some((e) => e.kind !== kind))
    throw new Error(`pair source ${name} mixes pairs and scored pairs: split it into two sources`);
  return { name, kind, size: examples.length, example: (i) => examples[i] };
}

/** SimCSE (Gao et al. 2021): each text is its own positive; dropout makes the two views differ. */
export function simcseSource(name: string, texts: readonly string[]): PairSource {
  return {
    name,
    kind: "pair",
    size: texts.length,
    example: (i) => ({ kind: "pair", anchor: texts[i], positive: texts[i] }),
  };
}

/** Two augmented views (span crops with word dropout) of each text, new ones every epoch. */
export function augmentationSource(
  name: string,
  texts: readonly string[],
  seed: number,
  dropoutRate = 0.1,
): PairSource {
  return {
    name,
    kind: "pair",
    size: texts.length,
    example(i, epoch) {
      const [anchor, positive] = augmentedViews(texts[i], derivedRandom(seed, name, i, epoch), dropoutRate);
      return { kind: "pair", anchor, positive };
    },
  };
}
