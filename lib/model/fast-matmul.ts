import * as tf from "@tensorflow/tfjs";

/*
 * Why this file exists: the WASM backend sends a matmul to XNNPACK only when it is a plain
 * 2-D `a · b` (no transpose flag, no batch); everything else runs a naive C++ loop that is
 * 10 to 25 times slower. TensorFlow.js's own matmul gradient uses exactly those flags
 * (`dy · bᵀ` and `aᵀ · dy`), which made a BERT backward pass ~30x slower than its forward.
 * Here the gradients transpose explicitly (a cheap memory pass) and multiply without flags.
 */

type DenseGrad = (x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D) => tf.Tensor2D;

const denseWithGrad: DenseGrad = tf.customGrad(((x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D, save: tf.GradSaveFunc) => {
  save([x, kernel]);
  return {
    value: tf.fused.matMul({ a: x, b: kernel, bias }),
    gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
      const [input, weights] = saved as tf.Tensor2D[];
      return [
        tf.matMul(dy, tf.transpose(weights)), // dx = dy · Wᵀ   [rows, in]
        tf.matMul(tf.transpose(input), dy), // dW = xᵀ · dy   [in, out]
        tf.sum(dy, 0), // db              [out]
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
