import { clipScale } from "@/lib/train/optim/clip-by-global-norm";
import { deriveSeed } from "@/lib/train/pairs/derive-seed";
import type { LossConfig } from "@/lib/train/trainer/batch-loss";
import { fullBatchEmbeddingGrads } from "@/lib/train/trainer/grad-cache";
import { inferenceRows, planPieces, type MemoryPlan } from "@/lib/train/trainer/memory-plan";
import type { ReplicaHost, ReplicaState, ShardWork } from "@/lib/train/trainer/replica-host";
import { sliceRows, type TokenMatrix } from "@/lib/train/trainer/token-matrix";
import { splitBatch, type TrainingBatch } from "@/lib/train/trainer/training-batch";

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
  /** Pieces each replica computed the batch in (more than asked when the memory plan split it). */
  pieces: number;
  /** Wall-clock milliseconds of the step's phases, as the main thread saw them. */
  phases: StepPhases;
}

/** Where a step's time went (ms): {@link StepResult.phases}. */
export interface StepPhases {
  /** Forward and backward passes on every replica (the slowest one bounds it). */
  gradients: number;
  /** Gradients written to shared memory, summed and clipped (0 with one replica). */
  exchange: number;
  /** AdamW on every replica (with one replica, also its clipping). */
  update: number;
}

/** Options of a {@link TrainingEngine} beyond its replicas. */
export interface EngineOptions {
  /** Bounds each replica's memory: batches that would not fit are computed in more pieces. */
  memory?: MemoryPlan;
  /** Whether GradCache may be used for pieces the memory plan adds (not with a learnable τ). */
  gradCache?: boolean;
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
    private readonly options: EngineOptions = {},
  ) {
    if (hosts.length === 0) throw new Error("a training engine needs at least one replica");
    if (hosts.length > 1 && !shared) throw new Error("data-parallel replicas need shared gradient buffers");
    this.sumBuffer = shared?.mean ?? new Float32Array(0);
  }

  /** Replicas working in parallel. */
  get parallelism(): number {
    return this.hosts.length;
  }

  /**
   * Shards of a step and the replica each goes to (round-robin, so replica loads differ by at
   * most one shard). With a memory plan, a batch too big for one piece per replica is cut
   * into more pieces, and its in-batch negatives then span them all (GradCache), so the loss
   * is the one the whole batch would give.
   */
  private plan(request: StepRequest): {
    shards: TrainingBatch[];
    work: ShardWork[][];
    gradCache: boolean;
    pieces: number;
  } {
    const requested = Math.max(1, request.accumulation ?? 1);
    const { memory } = this.options;
    const planned = memory
      ? planPieces(request.batch, memory, this.hosts.length, requested, this.options.gradCache !== false)
      : { pieces: requested, gradCache: false };
    const shards = splitBatch(request.batch, planned.pieces * this.hosts.length);
    const work = this.hosts.map(() => [] as ShardWork[]);
    shards.forEach((batch, s) =>
      work[s % this.hosts.length].push({
        batch,
        weight: batch.rows / request.batch.rows,
        seed: deriveSeed(request.seed, "shard", s),
      }),
    );
    // GradCache when asked for (and there is more than one piece), or when the memory plan needs it.
    const gradCache = planned.gradCache || (!!request.fullBatch && shards.length > 1);
    return { shards, work, gradCache, pieces: planned.pieces };
  }

  /** One optimiser step: gradients of the batch, clipping, AdamW on every replica. */
  async step(request: StepRequest): Promise<StepResult> {
    const { shards, work, gradCache, pieces } = this.plan(request);
    const phases: StepPhases = { gradients: 0, exchange: 0, update: 0 };
    const result = await this.gradientsAndUpdate(request, shards, work, gradCache, phases);
    return { ...result, pieces, phases };
  }

  private async gradientsAndUpdate(
    request: StepRequest,
    shards: TrainingBatch[],
    work: ShardWork[][],
    gradCache: boolean,
    phases: StepPhases,
  ): Promise<Omit<StepResult, "pieces" | "phases">> {
    const started = performance.now();
    let loss: number;
    if (gradCache) {
      loss = await this.gradCache(request.batch, shards, work);
    } else {
      const losses = await Promise.all(this.hosts.map((h, i) => h.accumulate(work[i])));
      loss = losses.reduce((a, b) => a + b, 0);
    }
    phases.gradients = performance.now() - started;
    if (this.hosts.length === 1) {
      const { norm, skipped } = await this.hosts[0].applyOwn(request.maxGradNorm, request.learningRate);
      phases.update = performance.now() - started - phases.gradients;
      return { loss, gradNorm: norm, skipped };
    }
    return { loss, ...(await this.reduceAndApply(request, phases)) };
  }

  /** GradCache over the shards: vectors first, the full-batch loss here, then back-propagation per shard. */
  private async gradCache(batch: TrainingBatch, shards: TrainingBatch[], work: ShardWork[][]): Promise<number> {
    const embedded = await Promise.all(this.hosts.map((h, i) => h.embedRoles(work[i])));
    // Back into shard order: shard s is the (s / hosts)-th piece of host s % hosts.
    const byShard = shards.map((_, s) => embedded[s % this.hosts.length][Math.floor(s / this.hosts.length)]);
    const { loss, grads } = fullBatchEmbeddingGrads(batch, shards, byShard, this.hidden, this.loss);
    await Promise.all(
      this.hosts.map((h, i) =>
        h.backprop(work[i].map((w, j) => ({ batch: w.batch, seed: w.seed, grads: grads[j * this.hosts.length + i] }))),
      ),
    );
    return loss;
  }

  /** Sums the replicas' gradients in shared memory, clips, and has every replica apply the result. */
  private async reduceAndApply(
    request: StepRequest,
    phases: StepPhases,
  ): Promise<{ gradNorm: number; skipped: boolean }> {
    const started = performance.now();
    const presents = await Promise.all(this.hosts.map((h) => h.exportGradients()));
    const norm = Math.sqrt(sumInto(this.sumBuffer, this.shared!.own));
    phases.exchange = performance.now() - started;
    if (!Number.isFinite(norm)) return { gradNorm: norm, skipped: true };
    const scale = clipScale(norm, request.maxGradNorm);
    const present = [...new Set(presents.flat())].sort((a, b) => a - b);
    await Promise.all(this.hosts.map((h) => h.applyShared(scale, request.learningRate, present)));
    phases.update = performance.now() - started - phases.exchange;
    return { gradNorm: norm, skipped: false };
  }

  /**
   * Sentence vectors (no dropout) of token matrices, spread over the replicas; under a memory
   * plan, matrices too big for one forward pass are embedded in row slices.
   * @returns one `[rows, hidden]` array per matrix, in order
   */
  async embed(matrices: readonly TokenMatrix[]): Promise<Float32Array[]> {
    const { memory } = this.options;
    const pieces: { matrix: TokenMatrix; of: number }[] = [];
    matrices.forEach((m, of) => {
      const rows = memory ? inferenceRows(m, memory) : m.rows;
      if (rows >= m.rows) pieces.push({ matrix: m, of });
      else
        for (let r = 0; r < m.rows; r += rows) pieces.push({ matrix: sliceRows(m, r, Math.min(m.rows, r + rows)), of });
    });
    const n = this.hosts.length;
    const parts = await Promise.all(
      this.hosts.map((h, i) => h.embed(pieces.filter((_, j) => j % n === i).map((p) => p.matrix))),
    );
    const vectors = pieces.map((_, j) => parts[j % n][Math.floor(j / n)]);
    return matrices.map((m, of) => {
      const own = vectors.filter((_, j) => pieces[j].of === of);
      if (own.length === 1) return own[0];
      const out = new Float32Array(m.rows * this.hidden);
      let at = 0;
      for (const v of own) {
        out.set(v, at);
        at += v.length;
      }
      return out;
    });
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

/** `sum = Σ parts` element-wise, in one pass per part; returns ‖sum‖² (accumulated with the last part). */
function sumInto(sum: Float32Array, parts: readonly Float32Array[]): number {
  sum.set(parts[0]);
  for (let h = 1; h < parts.length - 1; h++) {
    const g = parts[h];
    for (let i = 0; i < sum.length; i++) sum[i] += g[i];
  }
  let squares = 0;
  if (parts.length === 1) {
    for (let i = 0; i < sum.length; i++) squares += sum[i] * sum[i];
    return squares;
  }
  const last = parts[parts.length - 1];
  for (let i = 0; i < sum.length; i++) {
    const s = sum[i] + last[i];
    sum[i] = s;
    squares += s * s;
  }
  return squares;
}
