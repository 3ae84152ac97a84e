import * as tf from "@tensorflow/tfjs";
import { columnSums } from "@/lib/model/kernels/fast-matmul";

type LayerNormFn = (x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D) => tf.Tensor2D;

/**
 * LayerNorm with a hand-written gradient. TF.js's automatic one records ~15 kernels per
 * call, and the gradients of γ and β are reductions over axis 0, which WASM's `Sum`
 * runs by transposing its input first. The closed form needs row means (axis −1, fast)
 * and two column sums done as matmuls:
 * with n = (x − μ)·r, r = 1/√(σ² + ε) and g = dy·γ,
 * dx = r·(g − mean(g) − n·mean(g·n)), dγ = Σ_rows dy·n, dβ = Σ_rows dy.
 */
function withEps(eps: number): LayerNormFn {
  return tf.customGrad(((x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D, save: tf.GradSaveFunc) => {
    const mean = tf.mean(x, -1, true);
    const centred = tf.sub(x, mean);
    const rstd = tf.rsqrt(tf.add(tf.mean(tf.square(centred), -1, true), eps));
    const normed = tf.mul(centred, rstd);
    save([normed, rstd, gamma]);
    return {
      value: tf.add(tf.mul(normed, gamma), beta),
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
        const [n, r, g] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
        const dn = tf.mul(dy, g);
        const dx = tf.mul(tf.sub(tf.sub(dn, tf.mean(dn, -1, true)), tf.mul(n, tf.mean(tf.mul(dn, n), -1, true))), r);
        return [dx, columnSums(tf.mul(dy, n) as tf.Tensor2D), columnSums(dy)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as LayerNormFn;
}

const byEps = new Map<number, LayerNormFn>();

/** LayerNorm over the last axis of `x` `[rows, hidden]` with scale and shift `[hidden]`. */
export function layerNormRows(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps: number): tf.Tensor2D {
  let f = byEps.get(eps);
  if (!f) byEps.set(eps, (f = withEps(eps)));
  return f(x, gamma, beta);
}
