import * as tf from "@tensorflow/tfjs";

/**
 * ‖a[i] − b[j]‖² for every pair, `[n, dim]` × `[m, dim]` → `[n, m]`. Expanded as
 * ‖a‖² + ‖b‖² − 2a·b so that no `[n, m, dim]` tensor is built; rounding can make the
 * expansion slightly negative for (near) equal vectors, hence the clamp at 0.
 */
export function pairwiseSquaredDistance(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const aa = tf.sum(tf.square(a), 1, true); // [n, 1]
    const bb = tf.reshape(tf.sum(tf.square(b), 1), [1, -1]); // [1, m]
    const ab = tf.matMul(a, b, false, true); // [n, m]
    return tf.relu(tf.sub(tf.add(aa, bb), tf.mul(ab, 2))) as tf.Tensor2D;
  });
}

/** ‖a[i] − b[i]‖², `[n, dim]` × `[n, dim]` → `[n]`. Exact (no expansion), so 0 for equal rows. */
export function rowwiseSquaredDistance(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.square(tf.sub(a, b)), 1) as tf.Tensor1D);
}
