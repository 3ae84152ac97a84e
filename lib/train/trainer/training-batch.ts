import type { Tokenizer } from "@/lib/model/tokenizer/tokenizer";
import { textKey } from "@/lib/train/negatives/text-key";
import type { ExampleBatch } from "@/lib/train/pairs/batch-sampler";
import type { PairExample, ScoredExample } from "@/lib/train/pairs/training-example";
import { sliceRows, tokenMatrix, type TokenMatrix } from "@/lib/train/trainer/token-matrix";

/**
 * A tokenised batch, ready for a model replica (plain data: it is posted to worker threads).
 * `pair`: roles are [anchors `[b]`, positives `[b]`, negatives?]; negatives are `perAnchor`
 * rows per anchor in anchor order, or (perAnchor 0) a shared list. `scored`: roles are
 * [first `[b]`, second `[b]`] with `scores` `[b]` in [0, 1].
 */
export interface TrainingBatch {
  kind: "pair" | "scored";
  roles: TokenMatrix[];
  /** Rows of the first two roles. */
  rows: number;
  negativesPerAnchor: number;
  scores?: number[];
  /** Text identities per role, row for row, for InfoNCE's false-negative mask. */
  textIds: string[][];
}

/** Tokenizes an example batch (with its negatives) into a {@link TrainingBatch}. */
export function encodeBatch(tokenizer: Tokenizer, batch: ExampleBatch, maxLength: number): TrainingBatch {
  const encode = (texts: string[]) => tokenMatrix(tokenizer, texts, maxLength);
  if (batch.kind === "scored") {
    const examples = batch.examples as ScoredExample[];
    const a = examples.map((e) => e.a);
    const b = examples.map((e) => e.b);
    return {
      kind: "scored",
      roles: [encode(a), encode(b)],
      rows: examples.length,
      negativesPerAnchor: 0,
      scores: examples.map((e) => e.score),
      textIds: [a.map(textKey), b.map(textKey)],
    };
  }
  const examples = batch.examples as PairExample[];
  const anchors = examples.map((e) => e.anchor);
  const positives = examples.map((e) => e.positive);
  const roles = [encode(anchors), encode(positives)];
  const textIds = [anchors.map(textKey), positives.map(textKey)];
  const negatives = batch.negatives?.texts ?? [];
  if (negatives.length > 0) {
    roles.push(encode(negatives));
    textIds.push(negatives.map(textKey));
  }
  return {
    kind: "pair",
    roles,
    rows: examples.length,
    negativesPerAnchor: negatives.length > 0 ? batch.negatives!.perAnchor : 0,
    textIds,
  };
}

/** Sequences a batch runs through the encoder (all roles). */
export function sequenceCount(batch: TrainingBatch): number {
  return batch.roles.reduce((n, m) => n + m.rows, 0);
}

/** Rows `[start, end)` of the batch; negatives follow their anchors, a shared list is cut in step. */
function sliceBatch(batch: TrainingBatch, start: number, end: number, part: number, parts: number): TrainingBatch {
  const roles = batch.roles.slice(0, 2).map((m) => sliceRows(m, start, end));
  const textIds = batch.textIds.slice(0, 2).map((ids) => ids.slice(start, end));
  const negatives = batch.roles[2];
  if (negatives) {
    const k = batch.negativesPerAnchor;
    const [from, to] =
      k > 0
        ? [start * k, end * k]
        : [Math.floor((part * negatives.rows) / parts), Math.floor(((part + 1) * negatives.rows) / parts)];
    if (to > from) {
      roles.push(sliceRows(negatives, from, to));
      textIds.push(batch.textIds[2].slice(from, to));
    }
  }
  const scores = batch.scores?.slice(start, end);
  return { ...batch, roles, textIds, rows: end - start, ...(scores ? { scores } : {}) };
}

/**
 * Cuts a batch into up to `parts` contiguous shards of near-equal rows (fewer when it has
 * fewer rows). With per-shard losses each shard's in-batch negatives are its own rows only.
 */
export function splitBatch(batch: TrainingBatch, parts: number): TrainingBatch[] {
  const n = Math.max(1, Math.min(parts, batch.rows));
  if (n === 1) return [batch];
  return Array.from({ length: n }, (_, p) =>
    sliceBatch(batch, Math.floor((p * batch.rows) / n), Math.floor(((p + 1) * batch.rows) / n), p, n),
  );
}
