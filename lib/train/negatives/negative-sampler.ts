import type { ExampleBatch } from "@/lib/train/pairs/batch-sampler";
import { derivedRandom, shuffledIndices } from "@/lib/train/pairs/derive-seed";
import type { PairExample } from "@/lib/train/pairs/training-example";
import { filterText, isFalseNegative, type FilterText } from "@/lib/train/negatives/false-negative-filter";
import { HardNegativeMiner, type Embedder } from "@/lib/train/negatives/hard-negative-miner";
import { negativeCount, type NegativeOptions } from "@/lib/train/negatives/negative-options";

/** Where the trainer stands, for the mining schedule. */
export interface FillContext {
  step: number;
  totalSteps: number;
  /** Needed for hard negatives. */
  embed?: Embedder;
}

/** The texts of one anchor's pair, ready for the filter. */
interface PairTexts {
  anchor: FilterText;
  positive: FilterText;
}

/**
 * Adds extra negatives to pair batches: a fixed number per anchor, or a fixed ratio to the
 * positives as one shared list; uploaded negatives (triplets) first, then mined hard
 * negatives (mode `hard`), then random pool texts. Every negative passes the false-negative
 * filter for its anchor, and no text is used twice in a batch nor repeats an anchor or
 * positive of the batch. Random draws depend on (seed, step) only.
 */
export class NegativeSampler {
  readonly pool: string[];
  private readonly poolFilter: (FilterText | undefined)[];
  private readonly miner?: HardNegativeMiner;

  /** @param poolLimit hard mining re-embeds the whole pool: a random subset of this size keeps that affordable on a CPU (default 20,000) */
  constructor(
    pool: readonly string[],
    private readonly options: NegativeOptions,
    private readonly seed: number,
    poolLimit = 20_000,
  ) {
    const unique = [...new Set(pool)];
    this.pool =
      unique.length <= poolLimit
        ? unique
        : shuffledIndices(unique.length, derivedRandom(seed, "pool"))
            .slice(0, poolLimit)
            .map((i) => unique[i]);
    this.poolFilter = new Array(this.pool.length);
    if (options.mode === "hard") this.miner = new HardNegativeMiner(this.pool, options.remineEvery ?? 100);
    if (options.mode !== "none" && this.pool.length === 0)
      throw new Error(
        "negatives were asked for but there is no text to draw them from: train on a corpus, or use --negatives none",
      );
  }

  /** Step of the last re-embedding of the pool (hard mode), for logs and checkpoints. */
  get lastMined(): number | undefined {
    return this.miner && Number.isFinite(this.miner.lastRefresh) ? this.miner.lastRefresh : undefined;
  }

  private filterOf(row: number): FilterText {
    return (this.poolFilter[row] ??= filterText(this.pool[row]));
  }

  /** The batch with `negatives` filled in (scored batches and mode `none` without uploaded negatives are returned as they are). */
  async fill(batch: ExampleBatch, ctx: FillContext): Promise<ExampleBatch> {
    if (batch.kind !== "pair") return batch;
    const examples = batch.examples as PairExample[];
    const uploaded = examples.every((e) => (e.negatives?.length ?? 0) > 0);
    const count = negativeCount(this.options, examples.length);
    const shared = count.shared;
    let perAnchor = count.perAnchor;
    if (this.options.mode === "none") {
      if (!uploaded) return { ...batch, examples: examples.map(({ negatives: _, ...e }) => e) };
      perAnchor = Math.min(...examples.map((e) => e.negatives!.length));
    }
    const used = new Set(examples.flatMap((e) => [filterText(e.anchor).key, filterText(e.positive).key]));
    const pairs: PairTexts[] = examples.map((e) => ({
      anchor: filterText(e.anchor),
      positive: filterText(e.positive),
    }));
    const mined = this.miner ? await this.mine(examples, ctx) : undefined;
    const random = derivedRandom(this.seed, "negatives", ctx.step);
    const pick = (i: number, want: number): string[] => {
      const out: string[] = [];
      // A shared negative meets every anchor, so it must be a true negative for all of them.
      const against = shared > 0 ? pairs : [pairs[i]];
      const take = (text: string, f: FilterText = filterText(text)) => {
        if (
          out.length >= want ||
          used.has(f.key) ||
          against.some((p) => isFalseNegative(f, p.anchor, p.positive, this.options))
        )
          return;
        used.add(f.key);
        out.push(text);
      };
      for (const text of examples[i].negatives ?? []) take(text);
      for (const row of mined?.[i] ?? []) take(this.pool[row], this.filterOf(row));
      for (let tries = 0; out.length < want && tries < want * 20 && this.pool.length > 0; tries++) {
        const row = Math.floor(random() * this.pool.length);
        take(this.pool[row], this.filterOf(row));
      }
      return out;
    };
    const clean = examples.map(({ negatives: _, ...e }) => e);
    if (shared > 0) {
      const texts: string[] = [];
      for (let round = 0; texts.length < shared && round < shared; round++) {
        for (let i = 0; i < examples.length && texts.length < shared; i++) texts.push(...pick(i, 1));
      }
      return { ...batch, examples: clean, negatives: { texts, perAnchor: 0 } };
    }
    const lists = examples.map((_, i) => pick(i, perAnchor));
    // A tiny pool can leave an anchor short: every anchor then gets the smallest count found.
    const k = Math.min(...lists.map((l) => l.length));
    if (k === 0) return { ...batch, examples: clean };
    return { ...batch, examples: clean, negatives: { texts: lists.flatMap((l) => l.slice(0, k)), perAnchor: k } };
  }

  /**
   * Mined candidates per anchor, best first after skipping the easy offset: near the start of
   * training the window starts `easyOffset` ranks down, by the end at the top rank. Scores
   * from the current model feed the similarity ceiling of the false-negative filter.
   */
  private async mine(examples: PairExample[], ctx: FillContext): Promise<number[][]> {
    if (!ctx.embed) throw new Error("hard negatives need the model to embed with: pass embed in the fill context");
    if (this.miner!.isStale(ctx.step)) await this.miner!.refresh(ctx.embed, ctx.step);
    const { vectors, dim } = await ctx.embed(examples.flatMap((e) => [e.anchor, e.positive]));
    const progress = ctx.totalSteps > 0 ? Math.min(1, ctx.step / ctx.totalSteps) : 1;
    const offset = Math.round((1 - progress) * (this.options.easyOffset ?? 10));
    const fetch = (this.options.candidates ?? 30) + offset;
    return examples.map((e, i) => {
      const anchor = vectors.subarray(2 * i * dim, (2 * i + 1) * dim);
      const positive = vectors.subarray((2 * i + 1) * dim, (2 * i + 2) * dim);
      let toPositive = 0;
      for (let d = 0; d < dim; d++) toPositive += anchor[d] * positive[d];
      const a = filterText(e.anchor);
      const p = filterText(e.positive);
      const kept = this.miner!.nearest(anchor, fetch).filter(
        (c) => !isFalseNegative(this.filterOf(c.row), a, p, this.options, { candidate: c.score, positive: toPositive }),
      );
      return kept.slice(Math.min(offset, Math.max(0, kept.length - 1))).map((c) => c.row);
    });
  }

  dispose(): void {
    this.miner?.dispose();
  }
}
