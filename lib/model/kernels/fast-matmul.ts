import * as tf from "@tensorflow/tfjs";
import { nativeMatMulActive } from "@/lib/model/kernels/native-matmul";

/*
 * Why this file exists: the WASM backend sends a matmul to XNNPACK only when it is a plain
 * 2-D `a · b` (no transpose flag, no batch); everything else runs a naive C++ loop that is
 * 10 to 25 times slower. TensorFlow.js's own matmul gradient uses exactly those flags
 * (`dy · bᵀ` and `aᵀ · dy`), which made a BERT backward pass ~30x slower than its forward.
 * Here the gradients transpose explicitly (a cheap memory pass) and multiply without flags.
 * Column sums (the bias gradient) are a `1 × rows` matmul too: WASM's `Sum` over axis 0
 * transposes the whole input first, about 50 times slower at `[1024, 1536]`.
 * With the OpenBLAS kernels (native-matmul.ts) the flags cost nothing, and multiplying with
 * them skips the transposes' memory passes: 10–30% faster per gradient matmul at
 * `[2048, 384] × [384, 1536]`, so that path passes them straight through.
 */

/**
 * Sums of the columns of `x` `[rows, cols]`: `[cols]`, as a `ones · x` product (see above).
 * Differentiable (the gradient of a matmul), for use inside other gradients.
 */
export function columnSums(x: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.reshape(tf.matMul(tf.ones([1, x.shape[0]]), x), [x.shape[1]]));
}

type DenseGrad = (x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D) => tf.Tensor2D;

const denseWithGrad: DenseGrad = tf.customGrad(((
  x: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D,
  save: tf.GradSaveFunc,
) => {
  save([x, kernel]);
  return {
    value: tf.fused.matMul({ a: x, b: kernel, bias }),
    gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
      const [input, weights] = saved as tf.Tensor2D[];
      const flags = nativeMatMulActive();
      return [
        flags ? tf.matMul(dy, weights, false, true) : tf.matMul(dy, tf.transpose(weights)), // dx = dy · Wᵀ   [rows, in]
        flags ? tf.matMul(input, dy, true, false) : tf.matMul(tf.transpose(input), dy), // dW = xᵀ · dy   [in, out]
        columnSums(dy), // db             [out]
      ];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as DenseGrad;

/**
 * `x · kernel + bias`, differentiable, with a backward pass that stays on fast kernels.
 * @param x `[rows, in]`
 * @param kernel `[in, out]`
 * @param bias `[out]`
 * @returns `[rows, out]`
 */
export function denseMatMul(x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor2D {
  return denseWithGrad(x, kernel, bias);
}
