import * as tf from "@tensorflow/tfjs";

/**
 * Rows of an embedding table, `table[ids]`: `[n, dim]` from `table` `[vocab, dim]` and int32
 * `ids` `[n]`, differentiable with respect to the table.
 *
 * TF.js's own gradient of `gather` saves the table for the backward pass and wraps its
 * scatter-add in two transposes, which for axis 0 are identity permutations that the WASM
 * backend still executes as full copies of the `[vocab, dim]` gradient (about 100 ms each for
 * MiniLM's 30,522 × 384). This gradient is the scatter-add alone (`UnsortedSegmentSum`,
 * registered for WASM by wasm-segment-sum-kernel.ts) and keeps nothing but the ids.
 */
export function gatherRows(table: tf.Tensor2D, ids: tf.Tensor1D): tf.Tensor2D {
  const vocab = table.shape[0];
  const lookup = tf.customGrad(((t: tf.Tensor2D, save: tf.GradSaveFunc) => {
    save([ids]);
    return {
      value: tf.gather(t, ids),
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => tf.unsortedSegmentSum(dy, saved[0] as tf.Tensor1D, vocab),
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return lookup(table) as tf.Tensor2D;
}
