import { deriveSeed } from "@/lib/train/pairs/derive-seed";
import type { LossConfig } from "./batch-loss";
import { fullBatchEmbeddingGrads } from "./grad-cache";
import type { ReplicaHost, ReplicaState, ShardWork } from "./replica-host";
import type { TokenMatrix } from "./token-matrix";
import { splitBatch, type TrainingBatch } from "./training-batch";

/** One optimiser step's work. */
export interface StepRequest {
  batch: TrainingBatch;
  /** Gradient accumulation: the batch is computed in this many pieces per replica. Default 1. */
  accumulation?: number;
  /**
   * Full-batch in-batch negatives across every piece (GradCache). Without it, each piece
   * (accumulation step × worker shard) computes its own in-batch loss, and the step's loss
   * is their mean weighted by rows.
   */
  fullBatch?: boolean;
  learningRate: number;
  /** Clip the gradient to this global norm. */
  maxGradNorm?: number;
  /** Seed of this step's dropout masks. */
  seed: number;
}

/** What a step did. */
export interface StepResult {
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  /** True when the gradient was not finite and no update was made. */
  skipped: boolean;
}

/**
 * Runs optimiser steps over one or more model replicas. With one replica in this thread
 * (a GPU backend, or a single core) it is plain gradient descent with accumulation. With N
 * replicas in worker threads it is synchronous data parallelism: the batch is cut into
 * N × accumulation shards, each replica computes the gradients of its shards, the main
 * thread sums them in shared memory and clips, and every replica applies the same averaged
 * update with its own AdamW, so all replicas stay identical without sending weights.
 */
export class TrainingEngine {
  private readonly sumBuffer: Float32Array;

  /**
   * @param hosts the replicas (one in-process, or one per worker thread)
   * @param shared for N > 1: each host's gradient buffer (in host order) and the mean buffer they read
   */
  constructor(
    readonly hosts: readonly ReplicaHost[],
    readonly loss: LossConfig,
    readonly hidden: number,
    private readonly shared?: { own: Float32Array[]; mean: Float32Array },
  ) {
    if (hosts.length === 0) throw new Error("a training engine needs at least one replica");
    if (hosts.length > 1 && !shared) throw new Error("data-parallel replicas need shared gradient buffers");
    this.sumBuffer = shared?.mean ?? new Float32Array(0);
  }

  /** Replicas working in parallel. */
  get parallelism(): number {
    return this.hosts.length;
  }

  /** Shards of a step and the replica each goes to (round-robin, so replica loads differ by at most one shard). */
  private plan(request: StepRequest): { shards: TrainingBatch[]; work: ShardWork[][] } {
    const pieces = Math.max(1, request.accumulation ?? 1) * this.hosts.length;
    const shards = splitBatch(request.batch, pieces);
    const work = this.hosts.map(() => [] as ShardWork[]);
    shards.forEach((batch, s) => work[s % this.hosts.length].push({ batch, weight: batch.rows / request.batch.rows, seed: deriveSeed(request.seed, "shard", s) }));
    return { shards, work };
  }

  /** One optimiser step: gradients of the batch, clipping, AdamW on every replica. */
  async step(request: StepRequest): Promise<StepResult> {
    const { shards, work } = this.plan(request);
    let loss: number;
    if (request.fullBatch && shards.length > 1) {
      loss = await this.gradCache(request.batch, shards, work);
    } else {
      const losses = await Promise.all(this.hosts.map((h, i) => h.accumulate(work[i])));
      loss = losses.reduce((a, b) => a + b, 0);
    }
    if (this.hosts.length === 1) {
      const { norm, skipped } = await this.hosts[0].applyOwn(request.maxGradNorm, request.learningRate);
      return { loss, gradNorm: norm, skipped };
    }
    return { loss, ...(await this.reduceAndApply(request)) };
  }

  /** GradCache over the shards: vectors first, the full-batch loss here, then back-propagation per shard. */
  private async gradCache(batch: TrainingBatch, shards: TrainingBatch[], work: ShardWork[][]): Promise<number> {
    const embedded = await Promise.all(this.hosts.map((h, i) => h.embedRoles(work[i])));
    // Back into shard order: shard s is the (s / hosts)-th piece of host s % hosts.
    const byShard = shards.map((_, s) => embedded[s % this.hosts.length][Math.floor(s / this.hosts.length)]);
    const { loss, grads } = fullBatchEmbeddingGrads(batch, shards, byShard, this.hidden, this.loss);
    await Promise.all(this.hosts.map((h, i) => h.backprop(work[i].map((w, j) => ({ batch: w.batch, seed: w.seed, grads: grads[j * this.hosts.length + i] })))));
    return loss;
  }

  /** Sums the replicas' gradients in shared memory, clips, and has every replica apply the result. */
  private async reduceAndApply(request: StepRequest): Promise<{ gradNorm: number; skipped: boolean }> {
    const presents = await Promise.all(this.hosts.map((h) => h.exportGradients()));
    const sum = this.sumBuffer;
    const own = this.shared!.own;
    sum.set(own[0]);
    let squares = 0;
    for (let h = 1; h < own.length; h++) {
      const g = own[h];
      for (let i = 0; i < sum.length; i++) sum[i] += g[i];
    }
    for (let i = 0; i < sum.length; i++) squares += sum[i] * sum[i];
    const norm = Math.sqrt(squares);
    if (!Number.isFinite(norm)) return { gradNorm: norm, skipped: true };
    const scale = request.maxGradNorm === undefined ? 1 : Math.min(request.maxGradNorm / (norm + 1e-6), 1);
    const present = [...new Set(presents.flat())].sort((a, b) => a - b);
    await Promise.all(this.hosts.map((h) => h.applyShared(scale, request.learningRate, present)));
    return { gradNorm: norm, skipped: false };
  }

  /**
   * Sentence vectors (no dropout) of token matrices, spread over the replicas.
   * @returns one `[rows, hidden]` array per matrix, in order
   */
  async embed(matrices: readonly TokenMatrix[]): Promise<Float32Array[]> {
    const n = this.hosts.length;
    const parts = await Promise.all(this.hosts.map((h, i) => h.embed(matrices.filter((_, j) => j % n === i))));
    return matrices.map((_, j) => parts[j % n][Math.floor(j / n)]);
  }

  /** The trained state (from the first replica: all are identical). */
  getState(): Promise<ReplicaState> {
    return this.hosts[0].getState();
  }

  async restore(state: ReplicaState): Promise<void> {
    await Promise.all(this.hosts.map((h) => h.restore(state)));
  }

  async dispose(): Promise<void> {
    await Promise.all(this.hosts.map((h) => h.dispose()));
  }
}
