import type { Weights } from "@/lib/model/store/safetensors";
import type { AdamWState } from "@/lib/train/optim/adamw";
import { clipScale, globalNorm } from "@/lib/train/optim/clip-by-global-norm";
import { ModelReplica, type ParameterSlot, type ReplicaSetup } from "@/lib/train/trainer/model-replica";
import type { TokenMatrix } from "@/lib/train/trainer/token-matrix";
import type { TrainingBatch } from "@/lib/train/trainer/training-batch";

/** One shard of a step for one replica: its rows, its share of the loss, its dropout seed. */
export interface ShardWork {
  batch: TrainingBatch;
  weight: number;
  seed: number;
}

/** The saved state of a replica: weights, optimiser moments and τ. */
export interface ReplicaState {
  weights: Weights;
  optimizer: AdamWState;
  temperature?: number;
}

/**
 * A model replica as the training engine drives it, in this thread or in a worker thread
 * (every call is async so that both look the same). Gradients accumulate inside the host
 * until {@link exportGradients} (data-parallel) or {@link applyOwn} (single replica).
 */
export interface ReplicaHost {
  readonly parameterCount: number;
  readonly layout: readonly ParameterSlot[];
  /** Forward and backward passes of the shards; adds Σ weight·∇loss to the sums. @returns Σ weight·loss */
  accumulate(work: ShardWork[]): Promise<number>;
  /** GradCache first pass: role vectors per shard, under the shard's dropout seed. */
  embedRoles(work: Omit<ShardWork, "weight">[]): Promise<Float32Array[][]>;
  /** GradCache second pass: back-propagates the given vector gradients into the sums. */
  backprop(work: (Omit<ShardWork, "weight"> & { grads: Float32Array[] })[]): Promise<void>;
  /** Writes the sums into the host's shared gradient buffer and clears them. @returns indexes of the slots that got a gradient */
  exportGradients(): Promise<number[]>;
  /** Applies `scale ·` the shared mean gradient to the `present` slots with AdamW. */
  applyShared(scale: number, learningRate: number, present: number[]): Promise<void>;
  /** Clips the host's own sums to `maxNorm` (when given), applies AdamW and clears them; a non-finite norm skips the update. */
  applyOwn(maxNorm: number | undefined, learningRate: number): Promise<{ norm: number; skipped: boolean }>;
  /** Sentence vectors without dropout, one array `[rows, hidden]` per matrix. */
  embed(matrices: TokenMatrix[]): Promise<Float32Array[]>;
  getState(): Promise<ReplicaState>;
  restore(state: ReplicaState): Promise<void>;
  dispose(): Promise<void>;
}

/** Shared memory of a data-parallel replica: its own gradient slot and the mean every replica reads. */
export interface SharedGradients {
  own: Float32Array;
  mean: Float32Array;
}

/** A {@link ReplicaHost} around a {@link ModelReplica} in the current thread. */
export class InProcessHost implements ReplicaHost {
  readonly replica: ModelReplica;

  constructor(
    setup: ReplicaSetup,
    private readonly shared?: SharedGradients,
  ) {
    this.replica = new ModelReplica(setup);
  }

  get parameterCount(): number {
    return this.replica.parameterCount;
  }

  get layout(): readonly ParameterSlot[] {
    return this.replica.layout;
  }

  async accumulate(work: ShardWork[]): Promise<number> {
    return work.reduce((loss, w) => loss + this.replica.accumulate(w.batch, w.weight, w.seed), 0);
  }

  async embedRoles(work: Omit<ShardWork, "weight">[]): Promise<Float32Array[][]> {
    return work.map((w) => this.replica.embedRoles(w.batch, w.seed));
  }

  async backprop(work: (Omit<ShardWork, "weight"> & { grads: Float32Array[] })[]): Promise<void> {
    for (const w of work) this.replica.accumulateFromEmbeddingGrads(w.batch, w.seed, w.grads);
  }

  async exportGradients(): Promise<number[]> {
    if (!this.shared) throw new Error("this replica has no shared gradient buffer: it runs alone; use applyOwn");
    const sums = this.replica.gradientSums();
    const present = this.replica.layout.flatMap((s, i) => (sums.has(s.name) ? [i] : []));
    this.replica.writeGradients(this.shared.own);
    this.replica.clearGradients();
    return present;
  }

  async applyShared(scale: number, learningRate: number, present: number[]): Promise<void> {
    if (!this.shared) throw new Error("this replica has no shared gradient buffer: it runs alone; use applyOwn");
    const { mean } = this.shared;
    const grads = new Map(
      present
        .map((i) => this.replica.layout[i])
        .map((s) => [s.name, mean.subarray(s.offset, s.offset + s.size)] as const),
    );
    this.replica.applyGradientArrays(grads, learningRate, scale);
  }

  async applyOwn(maxNorm: number | undefined, learningRate: number): Promise<{ norm: number; skipped: boolean }> {
    if (maxNorm !== undefined && !(maxNorm > 0)) throw new Error(`Gradient clipping needs maxNorm > 0, got ${maxNorm}`);
    const sums = this.replica.gradientSums();
    try {
      const norm = globalNorm(sums.values());
      if (!Number.isFinite(norm)) return { norm, skipped: true };
      // Clipping as a scale inside the update: no scaled copy of every gradient.
      this.replica.applyGradients(sums, learningRate, clipScale(norm, maxNorm));
      return { norm, skipped: false };
    } finally {
      this.replica.clearGradients();
    }
  }

  async embed(matrices: TokenMatrix[]): Promise<Float32Array[]> {
    return matrices.map((m) => this.replica.embed(m));
  }

  async getState(): Promise<ReplicaState> {
    const { weights, temperature } = this.replica.getWeights();
    return {
      weights,
      optimizer: this.replica.getOptimizerState(),
      ...(temperature !== undefined ? { temperature } : {}),
    };
  }

  async restore(state: ReplicaState): Promise<void> {
    this.replica.setWeights(state.weights, state.temperature);
    this.replica.setOptimizerState(state.optimizer);
  }

  async dispose(): Promise<void> {
    this.replica.dispose();
  }
}
