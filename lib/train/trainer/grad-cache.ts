import * as tf from "@tensorflow/tfjs";
import { batchLoss, type LossConfig } from "@/lib/train/trainer/batch-loss";
import type { TrainingBatch } from "@/lib/train/trainer/training-batch";

/**
 * The middle of GradCache (Gao et al. 2021, "Scaling deep contrastive learning batch size
 * under memory limited setup"): given every shard's role vectors (computed without
 * gradients), the loss of the *whole* batch and its gradient with respect to each vector,
 * cut back into shards. Back-propagating those through each shard's encoder pass gives
 * exactly the gradient of the full-batch loss, so in-batch negatives span all shards
 * (all worker threads and all accumulation steps) at the memory cost of one shard.
 * @param batch the whole batch (its order is the shards' order concatenated, as {@link splitBatch} cuts)
 * @param embeddings per shard, per role: `[rows, hidden]`
 * @returns the loss and, per shard and role, `∂loss/∂vectors` `[rows, hidden]`
 */
export function fullBatchEmbeddingGrads(
  batch: TrainingBatch,
  shards: readonly TrainingBatch[],
  embeddings: readonly Float32Array[][],
  hidden: number,
  config: LossConfig,
): { loss: number; grads: Float32Array[][] } {
  const roleCount = batch.roles.length;
  // Rows each shard holds of each role (a shard may hold none of a shared negative list).
  const rowsOf = (s: number, r: number) => shards[s].roles[r]?.rows ?? 0;
  const inputs = Array.from({ length: roleCount }, (_, r) => {
    const parts = shards.flatMap((_, s) => (rowsOf(s, r) > 0 ? [embeddings[s][r]] : []));
    const total = parts.reduce((n, p) => n + p.length / hidden, 0);
    const flat = new Float32Array(total * hidden);
    let at = 0;
    for (const p of parts) {
      flat.set(p, at);
      at += p.length;
    }
    return tf.tensor2d(flat, [total, hidden]);
  });
  const lossOf = (...roles: tf.Tensor[]) => batchLoss(batch, roles as tf.Tensor2D[], config);
  const { value, grads } = tf.valueAndGrads(lossOf)(inputs);
  const loss = value.dataSync()[0];
  const perRole = grads.map((g) => g.dataSync() as Float32Array);
  tf.dispose([value, ...grads, ...inputs]);
  const offsets = new Array<number>(roleCount).fill(0);
  const out = shards.map((_, s) =>
    Array.from({ length: roleCount }, (_, r) => {
      const n = rowsOf(s, r) * hidden;
      const slice = perRole[r].slice(offsets[r], offsets[r] + n);
      offsets[r] += n;
      return slice;
    }).slice(0, shards[s].roles.length),
  );
  return { loss, grads: out };
}
