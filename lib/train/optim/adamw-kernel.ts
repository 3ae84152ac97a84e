import { activeNativeAddon } from "@/lib/model/kernels/native-addon";

/** Constants of one AdamW update of one variable. */
export interface AdamWStepConstants {
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Learning rate of this step. */
  learningRate: number;
  /** Decoupled decay λ (0 for parameters excluded from decay). */
  weightDecay: number;
  /** The variable's update count including this one (for the bias corrections). */
  step: number;
}

/**
 * One fused AdamW update as torch.optim.AdamW computes it, in a single pass in double
 * precision: for each i, with g = scale·grad[i],
 * m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; out = p·(1 − lr·λ) − lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε).
 * `m` and `v` are updated in place; `out` may be `param` itself. All arrays have one length.
 * Runs in the native addon's vectorised copy of this loop where it is loaded (the same bits,
 * about 3 times faster: lib/native/blas-matmul/adamw.c).
 * @param scale multiplies the gradient first (gradient clipping, or 1/replicas)
 */
export function adamwUpdate(
  param: Float32Array,
  grad: Float32Array,
  m: Float32Array,
  v: Float32Array,
  out: Float32Array,
  scale: number,
  c: AdamWStepConstants,
): void {
  const { beta1, beta2, epsilon } = c;
  const addon = activeNativeAddon();
  if (addon) {
    addon.adamw(param, grad, m, v, out, scale, beta1, beta2, epsilon, c.learningRate, c.weightDecay, c.step);
    return;
  }
  const keep = 1 - c.learningRate * c.weightDecay;
  const stepSize = c.learningRate / (1 - beta1 ** c.step);
  const invCorrection2 = 1 / (1 - beta2 ** c.step);
  const a1 = 1 - beta1;
  const a2 = 1 - beta2;
  for (let i = 0; i < param.length; i++) {
    const g = grad[i] * scale;
    const mi = beta1 * m[i] + a1 * g;
    const vi = beta2 * v[i] + a2 * g * g;
    m[i] = mi;
    v[i] = vi;
    out[i] = param[i] * keep - (stepSize * mi) / (Math.sqrt(vi * invCorrection2) + epsilon);
  }
}
