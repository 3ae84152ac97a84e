import type { BertConfig } from "@/lib/model/bert/bert-config";
import type { TokenMatrix } from "@/lib/train/trainer/token-matrix";
import type { TrainingBatch } from "@/lib/train/trainer/training-batch";

/**
 * How much of a step's activation memory a replica may use, and what it is spent on.
 * TensorFlow.js keeps every intermediate of a forward pass until the gradient is taken, and
 * the WASM backend's heap stops at 4 GiB and never shrinks: a MiniLM-L6-shaped model at 32
 * pairs × 128 tokens needs about 17 GiB in one piece (bench/train-memory.ts).
 */
export interface MemoryPlan {
  config: BertConfig;
  /** Bytes one replica may hold in all: weights, optimiser moments, gradients and activations. */
  budgetBytes: number;
}

/**
 * Activation bytes one token costs in a training forward and backward pass of `config` at
 * sequence length `seqLen`. Fitted to tf.profile peaks on the WASM backend (KiB per token
 * per layer: 362 for hidden 384 / FFN 1536 / 12 heads / 128 tokens, 314 at 64 tokens, 305
 * with FFN 768, 248 with hidden 256 / 4 heads): about 101 floats per hidden unit, 19 per FFN
 * unit and 16 per attention score, per layer.
 */
export function trainingBytesPerToken(config: BertConfig, seqLen: number): number {
  const perLayer = 405 * config.hidden_size + 76 * config.intermediate_size + 64 * config.num_attention_heads * seqLen;
  return config.num_hidden_layers * perLayer;
}

/** The same for a forward pass without gradients (embedding for evaluation and mining): about 31 % (671 of 2173 KiB measured). */
export function inferenceBytesPerToken(config: BertConfig, seqLen: number): number {
  return Math.ceil(0.31 * trainingBytesPerToken(config, seqLen));
}

/**
 * What a replica holds at a step's peak besides activations: weights, two AdamW moments, the
 * gradient sum, a piece's gradients and AdamW's temporaries (about 7 copies of the parameters),
 * and the dense gradient of the word embeddings per role. Measured: 729 MiB for MiniLM-L6
 * (tf.profile peak of one pair minus its activations); this gives 724.
 */
export function fixedBytes(config: BertConfig): number {
  const h = config.hidden_size;
  const layer = 4 * h * h + 2 * h * config.intermediate_size + 9 * h + config.intermediate_size;
  const params = (config.vocab_size + config.max_position_embeddings + 2) * h + config.num_hidden_layers * layer;
  return 4 * (7 * params + 2 * config.vocab_size * h);
}

/** Bytes left for activations (at least 1: a budget below the fixed part still computes one row per piece). */
export function activationBudget(plan: MemoryPlan): number {
  return Math.max(1, plan.budgetBytes - fixedBytes(plan.config));
}

/** Activation bytes of a training pass over a batch: every role, rows × padded length. */
export function batchActivationBytes(batch: TrainingBatch, config: BertConfig): number {
  return batch.roles.reduce((n, m) => n + m.rows * m.seqLen * trainingBytesPerToken(config, m.seqLen), 0);
}

/** How a replica computes its share of a step under a plan. */
export interface PiecePlan {
  /** Pieces per replica. */
  pieces: number;
  /** Whether the step must go through GradCache (pieces back-propagated one role at a time). */
  gradCache: boolean;
}

/**
 * Pieces each of `replicas` replicas should cut its share of the batch into so that one
 * piece's activations fit the plan: `requested` when that fits. Otherwise, with GradCache
 * allowed, enough pieces for one role of a piece to fit (GradCache back-propagates a piece
 * one role at a time); without it, enough for a whole piece. Never less than one row per piece.
 */
export function planPieces(
  batch: TrainingBatch,
  plan: MemoryPlan,
  replicas: number,
  requested: number,
  gradCache: boolean,
): PiecePlan {
  const budget = activationBudget(plan);
  const rows = Math.max(1, batch.rows);
  const most = Math.max(1, Math.ceil(rows / Math.max(1, replicas)));
  // Rows are whole: as many per piece as fit, then enough pieces for all of them.
  const piecesFor = (bytesPerRow: number) => {
    const rowsPerPiece = Math.max(1, Math.floor(budget / bytesPerRow));
    return Math.min(most, Math.ceil(Math.ceil(rows / rowsPerPiece) / Math.max(1, replicas)));
  };
  const whole = piecesFor(batchActivationBytes(batch, plan.config) / rows);
  if (whole <= requested) return { pieces: requested, gradCache: false };
  if (!gradCache) return { pieces: whole, gradCache: false };
  const largestRole = Math.max(
    ...batch.roles.map((m) => (m.rows * m.seqLen * trainingBytesPerToken(plan.config, m.seqLen)) / rows),
  );
  return { pieces: Math.max(requested, piecesFor(largestRole)), gradCache: true };
}

/** Rows of `m` that one forward pass without gradients may take under the plan (at least 1). */
export function inferenceRows(m: Pick<TokenMatrix, "seqLen">, plan: MemoryPlan): number {
  return Math.max(1, Math.floor(activationBudget(plan) / (m.seqLen * inferenceBytesPerToken(plan.config, m.seqLen))));
}

/** Backends whose memory is the WASM heap (or plain JavaScript arrays): they get a plan by default. */
const BOUNDED_BACKENDS = new Set(["wasm", "cpu"]);

/** Default budget per replica on WASM: well under the 4 GiB heap, so evaluation and mining fit beside it. */
export const DEFAULT_MEMORY_BUDGET_MB = 1024;

/**
 * The memory plan of a run: `budgetMb` when given; else {@link DEFAULT_MEMORY_BUDGET_MB} on the
 * WASM and CPU backends, and none on GPU and libtensorflow backends (whose memory is their own affair).
 */
export function memoryPlanFor(backend: string, config: BertConfig, budgetMb?: number): MemoryPlan | undefined {
  if (budgetMb === undefined && !BOUNDED_BACKENDS.has(backend.split(" ")[0])) return undefined;
  return { config, budgetBytes: (budgetMb ?? DEFAULT_MEMORY_BUDGET_MB) * 1048576 };
}
