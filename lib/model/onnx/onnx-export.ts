import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { fsyncFolder, writeFileDurable } from "@/lib/core/durable-file";
import type { BertConfig } from "@/lib/model/bert/bert-config";
import { isLinearWeight, MASK_NEGATIVE, selectBertWeights, transpose2d } from "@/lib/model/bert/bert-parameters";
import { loadModelFolder } from "@/lib/model/store/model-folder";
import { float, int, ints, OnnxGraphBuilder } from "@/lib/model/onnx/onnx-graph-builder";
import { ONNX_FLOAT, ONNX_INT64 } from "@/lib/model/onnx/onnx-proto";
import type { EmbeddingPrecision } from "@/lib/model/embed/embed-precision";
import { quantizeColumns } from "@/lib/model/onnx/int8-weights";
import type { Weights } from "@/lib/model/store/safetensors";

/** ONNX opset of the export: 17 has LayerNormalization; Erf (for exact GELU) is older. */
export const ONNX_OPSET = 17;
/** IR version 8 is the one that introduced opset 17 (onnx 1.12). */
const IR_VERSION = 8;

export interface OnnxExportOptions {
  /** L2-normalise `sentence_embedding`. */
  normalize: boolean;
  /** How `sentence_embedding` pools the tokens (sentence-transformers' modes). Default mean. */
  pooling?: "mean" | "cls" | "max";
  /**
   * `int8`: the weights of every Transformer-layer MatMul stored as int8 (per column), the
   * activations quantised on the fly (dynamic quantisation); default `fp32`, the exact graph.
   */
  precision?: EmbeddingPrecision;
}

/** Emits the graph, node by node, for one set of weights. */
class BertGraph {
  readonly g = new OnnxGraphBuilder();
  private readonly w: Weights;
  private readonly headDim: number;

  constructor(
    private readonly config: BertConfig,
    weights: Weights,
    private readonly precision: EmbeddingPrecision = "fp32",
  ) {
    this.w = selectBertWeights(config, weights);
    this.headDim = config.hidden_size / config.num_attention_heads;
  }

  /** An initializer under its Hugging Face name; linear weights transposed to `[in, out]` for MatMul. */
  param(name: string): string {
    const t = this.w.get(name)!;
    if (!isLinearWeight(name)) return this.g.floatTensor(name, t.shape, t.data);
    const [out, inp] = t.shape;
    return this.g.floatTensor(name, [inp, out], transpose2d(t.data, out, inp));
  }

  /** MatMul then Add, the shape onnxruntime fuses (and the standard PyTorch export has). */
  linear(x: string, prefix: string): string {
    if (this.precision === "int8") return this.int8Linear(x, prefix);
    return this.g.node("Add", [
      this.g.node("MatMul", [x, this.param(`${prefix}.weight`)]),
      this.param(`${prefix}.bias`),
    ]);
  }

  /**
   * `x · W + b` with W in int8 per column and x quantised per call to uint8, in standard ONNX
   * (DynamicQuantizeLinear, MatMulInteger, Cast, Mul, Add): the pattern onnxruntime fuses into
   * one DynamicQuantizeMatMul with the bias, as onnxruntime's own `quantize_dynamic` writes it.
   */
  int8Linear(x: string, prefix: string): string {
    const g = this.g;
    const name = `${prefix}.weight`;
    const t = this.w.get(name)!;
    const [out, inp] = t.shape;
    const { values, scales } = quantizeColumns(transpose2d(t.data, out, inp), inp, out);
    const weight = g.int8Tensor(`${name}_quantized`, [inp, out], values);
    const weightScale = g.floatTensor(`${name}_scale`, [out], scales);
    const [xq, xScale, xZero] = g.nodeOf({ opType: "DynamicQuantizeLinear", inputs: [x], outputs: 3 });
    const product = g.node("MatMulInteger", [xq, weight, xZero]);
    const scale = g.node("Mul", [xScale, weightScale]);
    const real = g.node("Mul", [g.node("Cast", [product], { to: int(ONNX_FLOAT) }), scale]);
    return g.node("Add", [real, this.param(`${prefix}.bias`)]);
  }

  layerNorm(x: string, prefix: string, outputName?: string): string {
    const eps = float(this.config.layer_norm_eps);
    const inputs = [x, this.param(`${prefix}.weight`), this.param(`${prefix}.bias`)];
    return this.g.node("LayerNormalization", inputs, { axis: int(-1), epsilon: eps }, outputName);
  }

  /** Exact GELU as `x · 0.5 · (1 + erf(x / √2))`, the pattern onnxruntime fuses into Gelu. */
  gelu(x: string): string {
    const g = this.g;
    const erf = g.node("Erf", [g.node("Div", [x, g.floatConst([Math.SQRT2])])]);
    return g.node("Mul", [g.node("Mul", [x, g.node("Add", [erf, g.floatConst([1])])]), g.floatConst([0.5])]);
  }

  embeddings(ids: string, types: string): string {
    const g = this.g;
    const words = g.node("Gather", [this.param("embeddings.word_embeddings.weight"), ids]);
    const seqLen = g.node("Slice", [g.node("Shape", [ids]), g.int64Const([1]), g.int64Const([2])]); // [1]
    const positions = g.node("Slice", [
      this.param("embeddings.position_embeddings.weight"),
      g.int64Const([0]),
      seqLen,
      g.int64Const([0]),
    ]);
    const tokenTypes = g.node("Gather", [this.param("embeddings.token_type_embeddings.weight"), types]);
    const sum = g.node("Add", [g.node("Add", [words, positions]), tokenTypes]);
    return this.layerNorm(sum, "embeddings.LayerNorm");
  }

  /** `[batch, 1, 1, seq]`: 0 on tokens, -10000 on padding (the standard BERT export's mask). */
  additiveMask(mask: string): string {
    const g = this.g;
    const expanded = g.node("Cast", [g.node("Unsqueeze", [mask, g.int64Const([1, 2])])], { to: int(ONNX_FLOAT) });
    return g.node("Mul", [g.node("Sub", [g.floatConst([1]), expanded]), g.floatConst([MASK_NEGATIVE])]);
  }

  heads(x: string, perm: number[]): string {
    const shape = this.g.int64Const([0, 0, this.config.num_attention_heads, this.headDim]);
    return this.g.node("Transpose", [this.g.node("Reshape", [x, shape])], { perm: ints(perm) });
  }

  attention(x: string, mask: string, p: string): string {
    const g = this.g;
    const q = this.heads(this.linear(x, `${p}.attention.self.query`), [0, 2, 1, 3]); // [b, n, s, d]
    const kT = this.heads(this.linear(x, `${p}.attention.self.key`), [0, 2, 3, 1]); // [b, n, d, s]
    const v = this.heads(this.linear(x, `${p}.attention.self.value`), [0, 2, 1, 3]);
    const scores = g.node("Div", [g.node("MatMul", [q, kT]), g.floatConst([Math.sqrt(this.headDim)])]);
    const probs = g.node("Softmax", [g.node("Add", [scores, mask])], { axis: int(3) });
    const context = g.node("Transpose", [g.node("MatMul", [probs, v])], { perm: ints([0, 2, 1, 3]) });
    const merged = g.node("Reshape", [context, g.int64Const([0, 0, this.config.hidden_size])]);
    return this.linear(merged, `${p}.attention.output.dense`);
  }

  layer(x: string, mask: string, l: number, outputName?: string): string {
    const p = `encoder.layer.${l}`;
    const h = this.layerNorm(this.g.node("Add", [this.attention(x, mask, p), x]), `${p}.attention.output.LayerNorm`);
    const ffn = this.linear(this.gelu(this.linear(h, `${p}.intermediate.dense`)), `${p}.output.dense`);
    return this.layerNorm(this.g.node("Add", [ffn, h]), `${p}.output.LayerNorm`, outputName);
  }

  /** Masked mean (count clamped as sentence-transformers does), `[batch, hidden]`. */
  meanPool(hidden: string, mask: string): string {
    const g = this.g;
    const weights = g.node("Cast", [g.node("Unsqueeze", [mask, g.int64Const([2])])], { to: int(ONNX_FLOAT) }); // [b, s, 1]
    const axis1 = g.int64Const([1]);
    const summed = g.node("ReduceSum", [g.node("Mul", [hidden, weights]), axis1], { keepdims: int(0) }); // [b, h]
    const counts = g.node("Max", [g.node("ReduceSum", [weights, axis1], { keepdims: int(0) }), g.floatConst([1e-9])]);
    return g.node("Div", [summed, counts]);
  }

  /** Max over tokens, padding pushed to -1e9 first (as sentence-transformers). */
  maxPool(hidden: string, mask: string): string {
    const g = this.g;
    const keep = g.node("Cast", [g.node("Unsqueeze", [mask, g.int64Const([2])])], { to: int(ONNX_FLOAT) });
    const penalty = g.node("Mul", [g.node("Sub", [keep, g.floatConst([1])]), g.floatConst([1e9])]);
    return g.node("ReduceMax", [g.node("Add", [hidden, penalty])], { axes: ints([1]), keepdims: int(0) });
  }

  /** `sentence_embedding`: pooled tokens, then optional L2 normalisation `x / max(‖x‖, 1e-12)`. */
  sentenceEmbedding(hidden: string, mask: string, options: OnnxExportOptions): void {
    const g = this.g;
    const mode = options.pooling ?? "mean";
    let pooled: string;
    if (mode === "cls") pooled = g.node("Gather", [hidden, g.int64Const([0], [])], { axis: int(1) });
    else if (mode === "max") pooled = this.maxPool(hidden, mask);
    else pooled = this.meanPool(hidden, mask);
    const name = "sentence_embedding";
    if (!options.normalize) {
      g.node("Identity", [pooled], {}, name);
      return;
    }
    const norm = g.node("ReduceL2", [pooled], { axes: ints([1]), keepdims: int(1) });
    g.node("Div", [pooled, g.node("Max", [norm, g.floatConst([1e-12])])], {}, name);
  }
}

/**
 * The BERT encoder as an ONNX model (opset 17), weights embedded. Pure.
 * Inputs `input_ids`, `attention_mask`, `token_type_ids`: int64 `[batch, sequence]`.
 * Outputs `last_hidden_state` `[batch, sequence, hidden]` and `sentence_embedding` `[batch, hidden]`
 * (masked mean pooling unless `pooling` says otherwise, L2-normalised iff `normalize`).
 */
export function buildOnnxModel(config: BertConfig, weights: Weights, options: OnnxExportOptions): Uint8Array {
  const b = new BertGraph(config, weights, options.precision);
  const g = b.g;
  const dims = ["batch", "sequence"];
  const ids = g.input("input_ids", ONNX_INT64, dims);
  const mask = g.input("attention_mask", ONNX_INT64, dims);
  const types = g.input("token_type_ids", ONNX_INT64, dims);
  const additive = b.additiveMask(mask);
  let x = b.embeddings(ids, types);
  const last = config.num_hidden_layers - 1;
  for (let l = 0; l <= last; l++) x = b.layer(x, additive, l, l === last ? "last_hidden_state" : undefined);
  if (last < 0) x = g.node("Identity", [x], {}, "last_hidden_state");
  b.sentenceEmbedding(x, mask, options);
  g.output("last_hidden_state", ONNX_FLOAT, ["batch", "sequence", config.hidden_size]);
  g.output("sentence_embedding", ONNX_FLOAT, ["batch", config.hidden_size]);
  return g.toBytes({
    opset: ONNX_OPSET,
    irVersion: IR_VERSION,
    graphName: "cognate_bert",
    metadata: {
      pooling: options.pooling ?? "mean",
      normalize: String(options.normalize),
      precision: options.precision ?? "fp32",
    },
  });
}

/** File name of each precision's graph in a model folder's `onnx/` (the names optimum and sentence-transformers use). */
const GRAPH_FILES: Record<EmbeddingPrecision, string> = { fp32: "model.onnx", int8: "model_quantized.onnx" };

/** `<modelDir>/onnx/model.onnx` (fp32) or `<modelDir>/onnx/model_quantized.onnx` (int8). */
export function onnxGraphPath(modelDir: string, precision: EmbeddingPrecision = "fp32"): string {
  return path.join(modelDir, "onnx", GRAPH_FILES[precision]);
}

/**
 * Exports a model folder's encoder to {@link onnxGraphPath} (`onnx/model.onnx`, or
 * `onnx/model_quantized.onnx` for `precision: "int8"`), written atomically (a temporary file
 * flushed to disk, then renamed over the target), and returns that path. Pooling and
 * normalisation default to what the folder's sentence-transformers modules say (mean, no
 * normalisation without them).
 */
export async function exportOnnx(modelDir: string, options: Partial<OnnxExportOptions> = {}): Promise<string> {
  const folder = loadModelFolder(modelDir);
  const bytes = buildOnnxModel(folder.config, folder.weights, {
    normalize: options.normalize ?? folder.pooling.normalize,
    pooling: options.pooling ?? folder.pooling.mode,
    precision: options.precision ?? "fp32",
  });
  const target = onnxGraphPath(modelDir, options.precision);
  await mkdir(path.dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}-${Date.now().toString(36)}`;
  try {
    await writeFileDurable(tmp, bytes);
    await rename(tmp, target);
    await fsyncFolder(path.dirname(target));
  } catch (err) {
    await rm(tmp, { force: true });
    throw new Error(`Could not write ${target} (${(err as Error).message}): check that the model folder is writable`, {
      cause: err,
    });
  }
  return target;
}

/**
 * Exports both graphs an embedder may serve, fp32 and int8 (see {@link exportOnnx}), so that
 * a quantised graph never lags behind the weights it was made from. Returns their paths.
 */
export async function exportServingGraphs(modelDir: string): Promise<string[]> {
  return [await exportOnnx(modelDir), await exportOnnx(modelDir, { precision: "int8" })];
}
