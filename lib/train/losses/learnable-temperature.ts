import * as tf from "@tensorflow/tfjs";

export interface LearnableTemperatureOptions {
  /** Starting temperature τ. Default 0.05 (a logit scale of 20, as sentence-transformers uses). */
  initial?: number;
  /** Smallest τ allowed. Default 0.01 (scale 100, CLIP's ceiling): below it the softmax saturates. */
  min?: number;
  /** Largest τ allowed. Default 1: above it the loss barely separates positives from negatives. */
  max?: number;
}

let instances = 0;

/**
 * A trainable softmax temperature, held as a scalar `tf.Variable` of log(1/τ) (as CLIP does)
 * so that the optimiser moves it on a log scale and τ stays positive. Put {@link variable}
 * into the optimiser's map under {@link name}; it should be exempt from weight decay.
 */
export class LearnableTemperature {
  /** Key for the optimiser's variable map; the default AdamW exclusion rule knows it. */
  readonly name = "logit_scale";
  /** Scalar log(1/τ), trainable. Its TF.js name is unique per instance. */
  readonly variable: tf.Variable<tf.Rank.R0>;
  private readonly lowLog: number;
  private readonly highLog: number;

  constructor(options: LearnableTemperatureOptions = {}) {
    const { initial = 0.05, min = 0.01, max = 1 } = options;
    if (!(min > 0 && min <= initial && initial <= max)) {
      throw new Error(
        `A learnable temperature needs 0 < min ≤ initial ≤ max, got min ${min}, initial ${initial}, max ${max}`,
      );
    }
    this.lowLog = Math.log(1 / max);
    this.highLog = Math.log(1 / min);
    const name = `logit_scale_${++instances}`;
    // The variable keeps its own reference to the data; tidy frees the initial scalar.
    this.variable = tf.tidy(() => tf.variable(tf.scalar(Math.log(1 / initial)), true, name));
  }

  /**
   * The logit scale 1/τ as a differentiable scalar, clipped to [1/max, 1/min] so that a
   * runaway optimiser step cannot blow up the softmax. Owned by the caller.
   */
  scale(): tf.Scalar {
    return tf.tidy(() => tf.exp(tf.clipByValue(this.variable, this.lowLog, this.highLog)) as tf.Scalar);
  }

  /** The current τ (reads the variable: a sync point, for logging). */
  get temperature(): number {
    const scale = this.scale();
    const value = 1 / scale.dataSync()[0];
    scale.dispose();
    return value;
  }

  /**
   * Pulls the variable back into range. Call after each optimiser step: outside the range the
   * clipped forward gives no gradient, and momentum alone could carry the variable away.
   */
  clamp(): void {
    tf.tidy(() => this.variable.assign(tf.clipByValue(this.variable, this.lowLog, this.highLog)));
  }

  dispose(): void {
    this.variable.dispose();
  }
}
