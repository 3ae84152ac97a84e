/**
 * A deliberately plain float64 BERT (post-LN, exact GELU, masked mean pooling) written from the
 * definition, loops only, reading the weights in PyTorch `[out, in]` layout as HF stores them.
 * It shares no code with the TensorFlow.js encoder or the ONNX export, so that a transposed
 * matrix or a pre-LN/post-LN mix-up common to both would show up against it.
 */
import type { BertConfig } from "@/lib/model/bert/bert-config";
import type { Weights } from "@/lib/model/store/safetensors";

type Matrix = number[][]; // [rows][cols]

/** erf by its Maclaurin series (|x| < 4, where float64 keeps ~1e-10) and ±1 beyond. */
export function erf(x: number): number {
  if (Math.abs(x) >= 4) return Math.sign(x) * (1 - 1.5e-8);
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

function get(w: Weights, name: string): Float32Array {
  const t = w.get(name);
  if (!t) throw new Error(`reference: missing ${name}`);
  return t.data;
}

/** y = x · Wᵀ + b with W `[out, in]` (PyTorch's nn.Linear). */
function linear(x: Matrix, w: Weights, prefix: string): Matrix {
  const W = get(w, `${prefix}.weight`);
  const b = get(w, `${prefix}.bias`);
  const out = b.length;
  const inp = W.length / out;
  return x.map((row) =>
    Array.from({ length: out }, (_, o) => {
      let s = b[o];
      for (let i = 0; i < inp; i++) s += row[i] * W[o * inp + i];
      return s;
    }),
  );
}

function layerNorm(x: Matrix, w: Weights, prefix: string, eps: number): Matrix {
  const g = get(w, `${prefix}.weight`);
  const b = get(w, `${prefix}.bias`);
  return x.map((row) => {
    const mean = row.reduce((a, v) => a + v, 0) / row.length;
    const variance = row.reduce((a, v) => a + (v - mean) ** 2, 0) / row.length;
    return row.map((v, i) => ((v - mean) / Math.sqrt(variance + eps)) * g[i] + b[i]);
  });
}

const add = (a: Matrix, b: Matrix): Matrix => a.map((row, r) => row.map((v, c) => v + b[r][c]));

/** Self-attention of one sequence `x` `[seq][hidden]`, keys masked by `mask` (1 keep, 0 pad). */
function attention(x: Matrix, mask: number[], w: Weights, p: string, heads: number): Matrix {
  const q = linear(x, w, `${p}.attention.self.query`);
  const k = linear(x, w, `${p}.attention.self.key`);
  const v = linear(x, w, `${p}.attention.self.value`);
  const hidden = x[0].length;
  const d = hidden / heads;
  const context: Matrix = x.map(() => new Array(hidden).fill(0));
  for (let h = 0; h < heads; h++) {
    for (let i = 0; i < x.length; i++) {
      const scores = x.map((_, j) => {
        let s = 0;
        for (let e = 0; e < d; e++) s += q[i][h * d + e] * k[j][h * d + e];
        return s / Math.sqrt(d) + (mask[j] ? 0 : -10000);
      });
      const max = Math.max(...scores);
      const exps = scores.map((s) => Math.exp(s - max));
      const total = exps.reduce((a, b) => a + b, 0);
      for (let j = 0; j < x.length; j++) {
        for (let e = 0; e < d; e++) context[i][h * d + e] += (exps[j] / total) * v[j][h * d + e];
      }
    }
  }
  return linear(context, w, `${p}.attention.output.dense`);
}

/** One sequence through the encoder: ids, mask and token types of length `seq`; returns `[seq][hidden]`. */
export function referenceForward(
  config: BertConfig,
  w: Weights,
  ids: number[],
  mask: number[],
  types: number[],
): Matrix {
  const H = config.hidden_size;
  const row = (name: string, r: number) => Array.from(get(w, name).subarray(r * H, (r + 1) * H));
  let x: Matrix = ids.map((id, pos) => {
    const word = row("embeddings.word_embeddings.weight", id);
    const position = row("embeddings.position_embeddings.weight", pos);
    const type = row("embeddings.token_type_embeddings.weight", types[pos]);
    return word.map((v, i) => v + position[i] + type[i]);
  });
  x = layerNorm(x, w, "embeddings.LayerNorm", config.layer_norm_eps);
  for (let l = 0; l < config.num_hidden_layers; l++) {
    const p = `encoder.layer.${l}`;
    const h = layerNorm(
      add(x, attention(x, mask, w, p, config.num_attention_heads)),
      w,
      `${p}.attention.output.LayerNorm`,
      config.layer_norm_eps,
    );
    const inner = linear(h, w, `${p}.intermediate.dense`).map((r) => r.map((v) => 0.5 * v * (1 + erf(v / Math.SQRT2))));
    x = layerNorm(add(h, linear(inner, w, `${p}.output.dense`)), w, `${p}.output.LayerNorm`, config.layer_norm_eps);
  }
  return x;
}

/** Masked mean of token vectors, then optional L2 normalisation. */
export function referencePool(hidden: Matrix, mask: number[], normalize: boolean): number[] {
  const count = Math.max(
    mask.reduce((a, b) => a + b, 0),
    1e-9,
  );
  const mean = hidden[0].map((_, c) => hidden.reduce((a, row, r) => a + row[c] * mask[r], 0) / count);
  if (!normalize) return mean;
  const norm = Math.max(Math.sqrt(mean.reduce((a, v) => a + v * v, 0)), 1e-12);
  return mean.map((v) => v / norm);
}
