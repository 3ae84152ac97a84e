import * as tf from "@tensorflow/tfjs";
import type { BertConfig } from "@/lib/model/bert/bert-config";
import { BertEncoder } from "@/lib/model/bert/bert-encoder";
import { isLinearWeight, transpose2d } from "@/lib/model/bert/bert-parameters";
import { readFloats } from "@/lib/model/kernels/host-tensor-data";
import { sentenceEmbedding } from "@/lib/model/bert/pooling";
import type { Weights } from "@/lib/model/store/safetensors";
import { LearnableTemperature } from "@/lib/train/losses/learnable-temperature";
import { AdamW, type AdamWState } from "@/lib/train/optim/adamw";
import { batchLoss, type LossConfig } from "@/lib/train/trainer/batch-loss";
import { withSeededRandom } from "@/lib/train/trainer/seeded-dropout";
import { stackRows, type TokenMatrix } from "@/lib/train/trainer/token-matrix";
import type { TrainingBatch } from "@/lib/train/trainer/training-batch";

/** Everything a replica is built from: plain data, so a worker thread can receive it. */
export interface ReplicaSetup {
  config: BertConfig;
  /** Hugging Face names, linear weights `[out, in]`. */
  weights: Weights;
  loss: LossConfig;
  weightDecay: number;
  /** L2-normalise sentence vectors before the loss, as the served model will. */
  normalize: boolean;
  /** Learn τ, starting here (τ then lives in the optimiser and checkpoints as `logit_scale`). */
  learnableTemperature?: number;
}

/** Where one trainable variable sits in the flat gradient and weight vectors. */
export interface ParameterSlot {
  name: string;
  shape: number[];
  offset: number;
  size: number;
}

/** Name of the learnable temperature among the trainables. */
export const LOGIT_SCALE = "logit_scale";

/**
 * One copy of the model being trained, in the current TF.js backend: encoder, loss, AdamW
 * and a running sum of weighted gradients. The single-thread engine uses one; the
 * data-parallel engine runs one per worker thread, and all of them apply the same averaged
 * gradients, so they stay identical.
 */
export class ModelReplica {
  readonly encoder: BertEncoder;
  readonly temperature?: LearnableTemperature;
  /** Trainable variables under stable names (Hugging Face names, plus `logit_scale`). */
  readonly trainables = new Map<string, tf.Variable>();
  readonly layout: ParameterSlot[] = [];
  readonly parameterCount: number;
  private readonly optimizer: AdamW;
  private readonly nameOfVariable = new Map<string, string>();
  private readonly sums = new Map<string, tf.Tensor>();

  constructor(private readonly setup: ReplicaSetup) {
    this.encoder = new BertEncoder(setup.config, setup.weights);
    for (const [name, v] of this.encoder.variables) this.trainables.set(name, v);
    if (setup.learnableTemperature !== undefined) {
      this.temperature = new LearnableTemperature({ initial: setup.learnableTemperature });
      this.trainables.set(LOGIT_SCALE, this.temperature.variable);
    }
    let offset = 0;
    for (const [name, v] of this.trainables) {
      // tf.variableGrads keys gradients by the TF.js name (`bertN/<hf name>`); map them back.
      this.nameOfVariable.set(v.name, name);
      this.layout.push({ name, shape: [...v.shape], offset, size: v.size });
      offset += v.size;
    }
    this.parameterCount = offset;
    this.optimizer = new AdamW(this.trainables, { weightDecay: setup.weightDecay });
  }

  /** Sentence vectors of one role: `[rows, hidden]`, owned by the caller. */
  private embedRole(m: TokenMatrix, training: boolean): tf.Tensor2D {
    return tf.tidy(() => {
      const inputIds = tf.tensor2d(m.ids, [m.rows, m.seqLen], "int32");
      const attentionMask = tf.tensor2d(m.mask, [m.rows, m.seqLen], "int32");
      return sentenceEmbedding(
        this.encoder,
        { inputIds, attentionMask },
        { training, normalize: this.setup.normalize },
      );
    });
  }

  private lossOf(batch: TrainingBatch): tf.Scalar {
    return batchLoss(batch, this.trainingEmbeddings(batch.roles), this.setup.loss, this.temperature);
  }

  /**
   * Every role's vectors under training dropout. Roles padded to one length go through the
   * encoder as one stacked batch: half the kernels of two passes, and one embedding-table
   * gradient instead of two `[vocab, hidden]` ones that the tape would then add up.
   */
  private trainingEmbeddings(roles: readonly TokenMatrix[]): tf.Tensor2D[] {
    const stackable = roles.length > 1 && roles.every((m) => m.rows > 0 && m.seqLen === roles[0].seqLen);
    if (!stackable) return roles.map((m) => this.embedRole(m, true));
    return tf.split(
      this.embedRole(stackRows(roles), true),
      roles.map((m) => m.rows),
      0,
    ) as tf.Tensor2D[];
  }

  private addGradients(grads: tf.NamedTensorMap): void {
    for (const [tfName, g] of Object.entries(grads)) {
      const name = this.nameOfVariable.get(tfName)!;
      const previous = this.sums.get(name);
      this.sums.set(name, previous ? tf.tidy(() => tf.add(previous, g)) : g);
      if (previous) {
        previous.dispose();
        g.dispose();
      }
    }
  }

  /**
   * Forward and backward pass of one batch (or shard) with dropout masks drawn from `seed`;
   * adds `weight · ∇loss` to the running gradient sum.
   * @returns `weight · loss`
   */
  accumulate(batch: TrainingBatch, weight: number, seed: number): number {
    const vars = [...this.trainables.values()];
    const { value, grads } = withSeededRandom(seed, () =>
      tf.variableGrads(() => tf.tidy(() => tf.mul(this.lossOf(batch), weight) as tf.Scalar), vars),
    );
    const loss = value.dataSync()[0];
    value.dispose();
    this.addGradients(grads);
    return loss;
  }

  /** GradCache, first pass: each role's vectors under training dropout from `seed`, without gradients. */
  embedRoles(batch: TrainingBatch, seed: number): Float32Array[] {
    return withSeededRandom(seed, () =>
      batch.roles.map((m) => {
        const e = this.embedRole(m, true);
        const data = e.dataSync() as Float32Array;
        e.dispose();
        return data;
      }),
    );
  }

  /**
   * GradCache, second pass: recomputes the forward pass with the same dropout masks and
   * back-propagates the given gradients of the loss with respect to each role's vectors
   * (`[rows, hidden]` each), adding the parameter gradients to the running sum.
   */
  accumulateFromEmbeddingGrads(batch: TrainingBatch, seed: number, embeddingGrads: Float32Array[]): void {
    const vars = [...this.trainables.values()].filter((v) => v !== this.temperature?.variable);
    // One role at a time: the loss is a sum over roles, so their gradients add up, and only one
    // role's activations are alive at once (half the memory of a pair). The masks are drawn in
    // the same order as in embedRoles (backward passes draw none), so they match it.
    withSeededRandom(seed, () => {
      batch.roles.forEach((m, r) => {
        const { value, grads } = tf.variableGrads(
          () =>
            tf.tidy(() =>
              tf.sum(
                tf.mul(
                  this.embedRole(m, true),
                  tf.tensor2d(embeddingGrads[r], [m.rows, this.setup.config.hidden_size]),
                ),
              ),
            ) as tf.Scalar,
          vars,
        );
        value.dispose();
        this.addGradients(grads);
      });
    });
  }

  /** The running gradient sums by name (owned by the replica; see {@link clearGradients}). */
  gradientSums(): ReadonlyMap<string, tf.Tensor> {
    return this.sums;
  }

  /** Writes the running sums into `out` (`[parameterCount]`, {@link layout} order; zeros where none). */
  writeGradients(out: Float32Array): void {
    for (const slot of this.layout) {
      const sum = this.sums.get(slot.name);
      if (sum) out.set(readFloats(sum), slot.offset);
      else out.fill(0, slot.offset, slot.offset + slot.size);
    }
  }

  clearGradients(): void {
    for (const t of this.sums.values()) t.dispose();
    this.sums.clear();
  }

  /** One AdamW update with `scale ·` gradients by name (read, not disposed). */
  applyGradients(grads: ReadonlyMap<string, tf.Tensor>, learningRate: number, scale = 1): void {
    this.optimizer.applyGradients(grads, learningRate, scale);
    this.temperature?.clamp();
  }

  /** {@link applyGradients} from flat arrays by name (views of shared memory), `[size]` each. */
  applyGradientArrays(grads: ReadonlyMap<string, Float32Array>, learningRate: number, scale: number): void {
    this.optimizer.applyGradientArrays(grads, learningRate, scale);
    this.temperature?.clamp();
  }

  /** Sentence vectors without dropout, as the model will serve them: `[rows, hidden]` row-major. */
  embed(m: TokenMatrix): Float32Array {
    const e = this.embedRole(m, false);
    const data = e.dataSync() as Float32Array;
    e.dispose();
    return data;
  }

  /** The encoder's weights (Hugging Face layout) and τ when learnt. */
  getWeights(): { weights: Weights; temperature?: number } {
    return { weights: this.encoder.toWeights(), temperature: this.temperature?.temperature };
  }

  /** Overwrites the encoder's weights (Hugging Face layout), and τ when given. */
  setWeights(weights: Weights, temperature?: number): void {
    for (const [name, variable] of this.encoder.variables) {
      const t = weights.get(name);
      if (!t) throw new Error(`the saved weights lack ${name}: resume with the same model`);
      const data = isLinearWeight(name) ? transpose2d(t.data, t.shape[0], t.shape[1]) : t.data;
      tf.tidy(() => variable.assign(tf.tensor(data, variable.shape, "float32")));
    }
    if (temperature !== undefined && this.temperature)
      tf.tidy(() => this.temperature!.variable.assign(tf.scalar(Math.log(1 / temperature))));
  }

  getOptimizerState(): AdamWState {
    return this.optimizer.getState();
  }

  setOptimizerState(state: AdamWState): void {
    this.optimizer.setState(state);
  }

  dispose(): void {
    this.clearGradients();
    this.optimizer.dispose();
    this.temperature?.dispose();
    this.encoder.dispose();
  }
}
