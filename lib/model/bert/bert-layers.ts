import * as tf from "@tensorflow/tfjs";
import { MASK_NEGATIVE } from "@/lib/model/bert/bert-parameters";
import { denseMatMul } from "@/lib/model/kernels/fast-matmul";
import { dropoutWithMask } from "@/lib/model/bert/dropout-mask";
import { layerNormRows } from "@/lib/model/bert/layer-norm";
import { nativeGelu, nativeGeluActive } from "@/lib/model/kernels/native-gelu";
import { gatherRows } from "@/lib/model/bert/row-gather";
import { registerWasmSegmentSumKernel } from "@/lib/model/kernels/wasm-segment-sum-kernel";

// The gradient of `gather` (the embedding tables) needs this kernel on WASM. Registering it here
// covers a WASM backend that something other than initBackend started; it loads no WASM itself.
registerWasmSegmentSumKernel();

/** A linear layer with its kernel already in `[in, out]` layout (transposed once at load time). */
export interface Dense {
  kernel: tf.Variable; // [in, out]
  bias: tf.Variable; // [out]
}

/** LayerNorm's scale and shift, `[hidden]` each. */
export interface Norm {
  gamma: tf.Variable;
  beta: tf.Variable;
}

/** The variables of one post-LN Transformer layer. */
export interface LayerVariables {
  query: Dense;
  key: Dense;
  value: Dense;
  attentionOutput: Dense;
  attentionNorm: Norm;
  intermediate: Dense;
  output: Dense;
  outputNorm: Norm;
}

/** Shapes and regularisation shared by every layer of one forward pass. */
export interface LayerContext {
  batch: number;
  seq: number;
  hidden: number;
  heads: number;
  eps: number;
  /** Dropout rates; 0 outside training. */
  hiddenDropout: number;
  attentionDropout: number;
}

/** `x · kernel + bias` for `x` `[rows, in]`: `[rows, out]`. */
export function dense(x: tf.Tensor2D, layer: Dense): tf.Tensor2D {
  return denseMatMul(x, layer.kernel as tf.Tensor2D, layer.bias as tf.Tensor1D);
}

/** LayerNorm over the last axis of `x` `[rows, hidden]` (hand-written gradient: layer-norm.ts). */
export function layerNorm(x: tf.Tensor2D, norm: Norm, eps: number): tf.Tensor2D {
  return layerNormRows(x, norm.gamma as tf.Tensor1D, norm.beta as tf.Tensor1D, eps);
}

/**
 * Exact GELU, `x · Φ(x) = x/2 · (1 + erf(x/√2))`, as BERT's `hidden_act: "gelu"`: one native
 * pass on WASM with the OpenBLAS addon (native-gelu.ts), else TF.js ops.
 */
export function gelu(x: tf.Tensor2D): tf.Tensor2D {
  if (nativeGeluActive()) return nativeGelu(x);
  return tf.mul(x, tf.add(tf.mul(tf.erf(tf.mul(x, Math.SQRT1_2)), 0.5), 0.5));
}

/** Dropout that is the identity when `rate` is 0 (inference), so no random tensor is drawn. */
export function dropout<T extends tf.Tensor>(x: T, rate: number): T {
  return rate > 0 ? dropoutWithMask(x, rate) : x;
}

/** Additive attention mask `[batch, 1, 1, seq]`: 0 on tokens, {@link MASK_NEGATIVE} on padding. */
export function additiveMask(attentionMask: tf.Tensor2D): tf.Tensor4D {
  const [batch, seq] = attentionMask.shape;
  const keep = tf.cast(attentionMask, "float32");
  return tf.reshape(tf.mul(tf.sub(1, keep), MASK_NEGATIVE), [batch, 1, 1, seq]);
}

/**
 * One head-split projection: `x` `[batch·seq, hidden]` to `[batch·heads, seq, headDim]`.
 * Q, K and V use three matmuls rather than one concatenated `[hidden, 3·hidden]` one: on
 * WASM (XNNPACK, one thread) the big GEMM is no faster, and the concatenation would copy
 * the kernels and defeat XNNPACK's cache of packed weights on every call.
 */
function projectHeads(x: tf.Tensor2D, layer: Dense, ctx: LayerContext): tf.Tensor3D {
  const { batch, seq, hidden, heads } = ctx;
  const headDim = hidden / heads;
  const split = tf.transpose(tf.reshape(dense(x, layer), [batch, seq, heads, headDim]), [0, 2, 1, 3]);
  return tf.reshape(split, [batch * heads, seq, headDim]);
}

/**
 * Multi-head self-attention with the output projection: `x` `[batch·seq, hidden]`,
 * `mask` `[batch, 1, 1, seq]` additive; returns `[batch·seq, hidden]` (before the residual).
 */
export function selfAttention(x: tf.Tensor2D, mask: tf.Tensor4D, v: LayerVariables, ctx: LayerContext): tf.Tensor2D {
  const { batch, seq, hidden, heads } = ctx;
  const q = projectHeads(x, v.query, ctx);
  const k = projectHeads(x, v.key, ctx);
  const val = projectHeads(x, v.value, ctx);
  // Scaling q (seq·headDim values) is cheaper than scaling the scores once seq > headDim.
  const scores = tf.matMul(tf.mul(q, 1 / Math.sqrt(hidden / heads)), k, false, true); // [b·n, s, s]
  const masked = tf.add(tf.reshape(scores, [batch, heads, seq, seq]), mask);
  const probs = dropout(tf.softmax(masked), ctx.attentionDropout);
  const context = tf.matMul(tf.reshape(probs, [batch * heads, seq, seq]), val); // [b·n, s, d]
  const merged = tf.transpose(tf.reshape(context, [batch, heads, seq, hidden / heads]), [0, 2, 1, 3]);
  return dense(tf.reshape(merged, [batch * seq, hidden]), v.attentionOutput);
}

/** One post-LN BERT layer: `LN(x + Attn(x))`, then `LN(h + FFN(h))`. `[batch·seq, hidden]` in and out. */
export function bertLayer(x: tf.Tensor2D, mask: tf.Tensor4D, v: LayerVariables, ctx: LayerContext): tf.Tensor2D {
  const attended = dropout(selfAttention(x, mask, v, ctx), ctx.hiddenDropout);
  const h = layerNorm(tf.add(x, attended), v.attentionNorm, ctx.eps);
  const inner = gelu(dense(h, v.intermediate));
  const out = dropout(dense(inner, v.output), ctx.hiddenDropout);
  return layerNorm(tf.add(h, out), v.outputNorm, ctx.eps);
}

/** The embedding tables and their LayerNorm. */
export interface EmbeddingVariables {
  word: tf.Variable; // [vocab, hidden]
  position: tf.Variable; // [maxPositions, hidden]
  tokenType: tf.Variable; // [typeVocab, hidden]
  norm: Norm;
}

/**
 * Word + position + token-type embeddings, LayerNorm, dropout: ids `[batch, seq]` (int32)
 * to `[batch·seq, hidden]`. Without `tokenTypeIds` every token is of type 0.
 */
export function embeddings(
  inputIds: tf.Tensor2D,
  tokenTypeIds: tf.Tensor2D | undefined,
  e: EmbeddingVariables,
  ctx: LayerContext,
): tf.Tensor2D {
  const { batch, seq, hidden } = ctx;
  const words = tf.reshape(gatherRows(e.word as tf.Tensor2D, tf.reshape(inputIds, [-1])), [batch, seq, hidden]);
  const positions = tf.slice(e.position, [0, 0], [seq, hidden]); // broadcast over the batch
  const types = tokenTypeIds
    ? tf.reshape(tf.gather(e.tokenType, tf.reshape(tokenTypeIds, [-1])), [batch, seq, hidden])
    : tf.slice(e.tokenType, [0, 0], [1, hidden]);
  const sum = tf.reshape(tf.add(tf.add(words, positions), types), [batch * seq, hidden]) as tf.Tensor2D;
  return dropout(layerNorm(sum, e.norm, ctx.eps), ctx.hiddenDropout);
}
