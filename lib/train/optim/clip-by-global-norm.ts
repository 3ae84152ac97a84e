import * as tf from "@tensorflow/tfjs";

/**
 * √(Σ‖g‖²) over every gradient: the norm of the whole update direction, logged each step
 * because a spike in it is the first sign of divergence. Reads the result (a sync point).
 */
export function globalNorm(grads: Iterable<tf.Tensor>): number {
  const list = [...grads];
  if (list.length === 0) return 0;
  const total = tf.tidy(() => tf.sqrt(tf.addN(list.map((g) => tf.sum(tf.square(g))))));
  const value = total.dataSync()[0];
  total.dispose();
  return value;
}

/**
 * The factor clipping applies to every gradient of global norm `norm`: maxNorm / (norm + 1e-6)
 * when that is below 1, else 1 (also 1 without `maxNorm`).
 */
export function clipScale(norm: number, maxNorm?: number): number {
  return maxNorm === undefined ? 1 : Math.min(maxNorm / (norm + 1e-6), 1);
}

/**
 * Gradient clipping by global norm (as `torch.nn.utils.clip_grad_norm_`): when the norm
 * exceeds `maxNorm`, every gradient is scaled by maxNorm / (norm + 1e-6), which keeps the
 * direction and bounds the step. A non-finite norm (NaN or ∞) is returned as is with
 * non-finite gradients: check `Number.isFinite(norm)` and skip that step.
 * @param grads name → gradient; read, not disposed
 * @returns new gradients (owned by the caller) and the norm before clipping
 */
export function clipByGlobalNorm(
  grads: ReadonlyMap<string, tf.Tensor>,
  maxNorm: number,
): { grads: Map<string, tf.Tensor>; norm: number } {
  if (!(maxNorm > 0)) throw new Error(`Gradient clipping needs maxNorm > 0, got ${maxNorm}`);
  const norm = globalNorm(grads.values());
  const coefficient = clipScale(norm, maxNorm);
  const clipped = new Map<string, tf.Tensor>();
  for (const [name, g] of grads) clipped.set(name, tf.mul(g, Number.isNaN(norm) ? NaN : coefficient));
  return { grads: clipped, norm };
}
