import { neighbourIndex, type NeighbourIndex } from "@/lib/train/negatives/nearest-neighbours";

/** Embeds texts with the current model: `[texts.length, dim]` row-major, unit rows. */
export type Embedder = (texts: string[]) => Promise<{ vectors: Float32Array; dim: number }>;

/** A candidate negative: a row of the pool and its cosine to the anchor. */
export interface Candidate {
  row: number;
  score: number;
}

/**
 * Dynamic hard negatives: the pool (corpus passages) embedded by the model being trained,
 * indexed (exact cosine search up to 100k rows, HNSW beyond), and re-embedded every
 * `remineEvery` steps so that the negatives follow the model as it learns, rather than the
 * model that started (ANCE-style asynchronous refresh, done synchronously here).
 */
export class HardNegativeMiner {
  private index?: NeighbourIndex;
  private refreshedAt = -Infinity;

  constructor(
    readonly pool: readonly string[],
    private readonly remineEvery: number,
  ) {
    if (!(Number.isInteger(remineEvery) && remineEvery >= 1))
      throw new Error(`remineEvery must be a positive integer, got ${remineEvery}`);
  }

  /** Whether the index is missing or older than `remineEvery` steps at `step`. */
  isStale(step: number): boolean {
    return !this.index || step - this.refreshedAt >= this.remineEvery;
  }

  /** Step at which the pool was last embedded (−∞ before the first time). */
  get lastRefresh(): number {
    return this.refreshedAt;
  }

  /** Re-embeds the pool with the current model and rebuilds the index. */
  async refresh(embed: Embedder, step: number): Promise<void> {
    const { vectors, dim } = await embed([...this.pool]);
    this.index?.dispose?.();
    this.index = await neighbourIndex(vectors, dim);
    this.refreshedAt = step;
  }

  /** The `k` pool rows nearest to `query` (`[dim]`, unit length), best first. */
  nearest(query: Float32Array, k: number): Candidate[] {
    if (!this.index) throw new Error("the hard-negative index is not built yet: call refresh() first");
    return this.index.search(query, Math.min(k, this.index.size));
  }

  dispose(): void {
    this.index?.dispose?.();
    this.index = undefined;
  }
}
