import * as tf from "@tensorflow/tfjs";

/**
 * Gradient accumulation: sums the gradients of several micro-batches, then gives their
 * average, so a large effective batch fits in memory. (For InfoNCE this does not add in-batch
 * negatives across micro-batches: each micro-batch only sees its own.)
 */
export class GradientAccumulator {
  private readonly sums = new Map<string, tf.Tensor>();
  private totalWeight = 0;
  private count = 0;

  /** Micro-batches added since the last {@link reset}. */
  get microBatches(): number {
    return this.count;
  }

  /**
   * Adds one micro-batch's gradients (read, not disposed).
   * @param weight its share, e.g. its row count when micro-batches differ in size. Default 1.
   */
  add(grads: ReadonlyMap<string, tf.Tensor>, weight = 1): void {
    if (!(weight > 0)) throw new Error(`A micro-batch weight must be > 0, got ${weight}`);
    for (const [name, g] of grads) {
      const previous = this.sums.get(name);
      if (previous && previous.shape.join(",") !== g.shape.join(",")) {
        throw new Error(
          `Gradient of "${name}" changed shape between micro-batches: [${previous.shape}] then [${g.shape}]`,
        );
      }
      const next = tf.tidy(() => (previous ? tf.add(previous, tf.mul(g, weight)) : tf.mul(g, weight)));
      previous?.dispose();
      this.sums.set(name, next);
    }
    this.totalWeight += weight;
    this.count++;
  }

  /**
   * The weighted mean over the micro-batches (a variable missing from some counts as 0 there).
   * @returns new tensors, owned by the caller; the accumulator keeps its sums until {@link reset}
   * @throws when nothing was added
   */
  mean(): Map<string, tf.Tensor> {
    if (this.count === 0)
      throw new Error("No gradients were accumulated: add at least one micro-batch before taking the mean");
    const out = new Map<string, tf.Tensor>();
    for (const [name, sum] of this.sums) out.set(name, tf.div(sum, this.totalWeight));
    return out;
  }

  /** Frees the sums and starts a new accumulation. */
  reset(): void {
    for (const sum of this.sums.values()) sum.dispose();
    this.sums.clear();
    this.totalWeight = 0;
    this.count = 0;
  }

  /** Same as {@link reset}: frees every tensor held. */
  dispose(): void {
    this.reset();
  }
}
