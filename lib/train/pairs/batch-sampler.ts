import { textKey } from "@/lib/train/negatives/text-key";
import { derivedRandom, shuffledIndices } from "@/lib/train/pairs/derive-seed";
import type { PairSource } from "@/lib/train/pairs/pair-source";
import { exampleTexts, type TrainingExample } from "@/lib/train/pairs/training-example";

/** A source and its share of the batches. */
export interface WeightedSource {
  source: PairSource;
  /** Relative share under `weighted` mixing; ignored by round-robin. Default 1. */
  weight?: number;
}

/** How the sources share the batches: in turn, or at random in proportion to their weights or to their sizes. */
export type Mixing = "round-robin" | "weighted" | "proportional";

/** One batch of examples, all from one source (so one loss applies), no text twice. */
export interface ExampleBatch {
  source: string;
  kind: TrainingExample["kind"];
  examples: TrainingExample[];
  /**
   * Extra negatives filled in by a negative sampler: `perAnchor` texts per example in
   * example order (`texts.length = perAnchor · examples`), or, with `perAnchor` 0, one list
   * shared by every anchor.
   */
  negatives?: { texts: string[]; perAnchor: number };
}

/** Where each source's cursor stands: plain JSON, saved in checkpoints. */
export interface SamplerState {
  batches: number;
  cursors: { epoch: number; position: number; deferred: [number, number][] }[];
}

/**
 * Draws batches: picks a source per batch (round-robin or weighted), walks it in a
 * per-epoch shuffled order, and never puts the same text (by {@link textKey}) twice into a
 * batch: an example that would repeat a text is deferred to a later batch, not dropped.
 * Every choice depends on (seed, batch number, epoch) only, so restoring {@link state}
 * continues the exact sequence an uninterrupted run would have drawn.
 */
export class BatchSampler {
  private readonly cursors: SamplerState["cursors"];
  private batches: number;
  /** The current epoch's shuffled order of each source. */
  private readonly orders = new Map<number, { epoch: number; order: number[] }>();

  constructor(
    private readonly sources: readonly WeightedSource[],
    private readonly options: { seed: number; mixing?: Mixing },
    state?: SamplerState,
  ) {
    const usable = sources.filter((s) => s.source.size > 0);
    if (usable.length === 0)
      throw new Error("no pair source has any example: give a pair file, or a corpus with text to train on");
    if (state && state.cursors.length !== sources.length)
      throw new Error(
        `the saved sampler state has ${state.cursors.length} sources but training has ${sources.length}: resume with the same data and options`,
      );
    this.cursors = state
      ? structuredClone(state.cursors)
      : sources.map(() => ({ epoch: 0, position: 0, deferred: [] }));
    this.batches = state?.batches ?? 0;
  }

  /** A copy of the position, to save with a checkpoint. */
  state(): SamplerState {
    return { batches: this.batches, cursors: structuredClone(this.cursors) };
  }

  /** Epochs completed by source `i` (fractional). */
  epochsOf(i: number): number {
    const c = this.cursors[i];
    return c.epoch + c.position / Math.max(1, this.sources[i].source.size);
  }

  /** The next batch of up to `size` examples (fewer only when the source has fewer distinct texts). */
  next(size: number): ExampleBatch {
    const which = this.pickSource();
    this.batches++;
    const { source } = this.sources[which];
    const cursor = this.cursors[which];
    const keys = new Set<string>();
    const examples: TrainingExample[] = [];
    const deferred: [number, number][] = [];
    // Earlier deferrals first; a bounded scan, so a source with few distinct texts cannot spin.
    const queue = cursor.deferred.splice(0);
    const budget = size * 4 + queue.length;
    for (let tries = 0; examples.length < size && tries < budget && (queue.length > 0 || source.size > 0); tries++) {
      const [index, epoch] = queue.shift() ?? this.advance(which);
      const example = source.example(index, epoch);
      // Within one example a repeat is by design (SimCSE: one text, two dropout masks).
      const texts = [...new Set(exampleTexts(example).map(textKey))];
      if (texts.some((k) => keys.has(k))) {
        deferred.push([index, epoch]);
        continue;
      }
      texts.forEach((k) => keys.add(k));
      examples.push(example);
    }
    // Keep the queue bounded: what still does not fit after a few batches waits for the next epoch.
    cursor.deferred = [...queue, ...deferred].slice(0, size * 8);
    return { source: source.name, kind: source.kind, examples };
  }

  private pickSource(): number {
    const live = this.sources.map((s, i) => (s.source.size > 0 ? i : -1)).filter((i) => i >= 0);
    const { mixing = "round-robin" } = this.options;
    if (mixing === "round-robin") return live[this.batches % live.length];
    const weights = live.map((i) =>
      Math.max(0, mixing === "proportional" ? this.sources[i].source.size : (this.sources[i].weight ?? 1)),
    );
    const total = weights.reduce((a, b) => a + b, 0);
    let r = derivedRandom(this.options.seed, "mix", this.batches)() * total;
    for (let j = 0; j < live.length; j++) {
      r -= weights[j];
      if (r < 0) return live[j];
    }
    return live[live.length - 1];
  }

  /** The next (index, epoch) of source `i`'s shuffled order, starting a new epoch when it runs out. */
  private advance(i: number): [number, number] {
    const cursor = this.cursors[i];
    const { source } = this.sources[i];
    if (cursor.position >= source.size) {
      cursor.epoch++;
      cursor.position = 0;
    }
    let cached = this.orders.get(i);
    if (cached?.epoch !== cursor.epoch) {
      cached = {
        epoch: cursor.epoch,
        order: shuffledIndices(source.size, derivedRandom(this.options.seed, "order", source.name, cursor.epoch)),
      };
      this.orders.set(i, cached);
    }
    return [cached.order[cursor.position++], cursor.epoch];
  }
}
