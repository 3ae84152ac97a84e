import type { BertConfig } from "@/lib/model/bert/bert-config";
import type { NamedTensor, Weights } from "@/lib/model/store/safetensors";

/**
 * Added to the attention scores of padding keys, in TensorFlow.js and in the ONNX export alike
 * (the standard BERT export's constant): after softmax their weight is exactly 0 in float32.
 */
export const MASK_NEGATIVE = -10000;

/**
 * The parameter names and PyTorch shapes of a BERT encoder (Hugging Face `BertModel`,
 * no `bert.` prefix, no pooler). Linear weights are `[out, in]`.
 */
export function bertParameterShapes(config: BertConfig): Map<string, number[]> {
  const H = config.hidden_size;
  const I = config.intermediate_size;
  const shapes = new Map<string, number[]>([
    ["embeddings.word_embeddings.weight", [config.vocab_size, H]],
    ["embeddings.position_embeddings.weight", [config.max_position_embeddings, H]],
    ["embeddings.token_type_embeddings.weight", [config.type_vocab_size, H]],
    ["embeddings.LayerNorm.weight", [H]],
    ["embeddings.LayerNorm.bias", [H]],
  ]);
  const linear = (prefix: string, out: number, inp: number) => {
    shapes.set(`${prefix}.weight`, [out, inp]);
    shapes.set(`${prefix}.bias`, [out]);
  };
  for (let l = 0; l < config.num_hidden_layers; l++) {
    const p = `encoder.layer.${l}`;
    for (const part of ["query", "key", "value"]) linear(`${p}.attention.self.${part}`, H, H);
    linear(`${p}.attention.output.dense`, H, H);
    shapes.set(`${p}.attention.output.LayerNorm.weight`, [H]);
    shapes.set(`${p}.attention.output.LayerNorm.bias`, [H]);
    linear(`${p}.intermediate.dense`, I, H);
    linear(`${p}.output.dense`, H, I);
    shapes.set(`${p}.output.LayerNorm.weight`, [H]);
    shapes.set(`${p}.output.LayerNorm.bias`, [H]);
  }
  return shapes;
}

/** True for the weight matrix of a linear layer (stored `[out, in]` by PyTorch). */
export function isLinearWeight(name: string): boolean {
  return /\.(query|key|value|dense)\.weight$/.test(name);
}

/** Transposes a row-major `[rows, cols]` matrix. */
export function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) out[c * rows + r] = data[base + c];
  }
  return out;
}

/** The names a checkpoint may use for one parameter: with a `bert.` prefix, or TF1-era gamma/beta. */
function aliases(name: string): string[] {
  const names = [name];
  if (name.endsWith("LayerNorm.weight")) names.push(name.replace(/weight$/, "gamma"));
  if (name.endsWith("LayerNorm.bias")) names.push(name.replace(/bias$/, "beta"));
  return [...names, ...names.map((n) => `bert.${n}`)];
}

/**
 * Picks the encoder's parameters out of a checkpoint, under their standard names, checking
 * every shape against the config. Extra tensors (`pooler.*`, heads, `position_ids`) are ignored.
 * @throws when a parameter is missing or has the wrong shape, naming it.
 */
export function selectBertWeights(config: BertConfig, weights: Weights): Weights {
  const selected: Weights = new Map();
  for (const [name, shape] of bertParameterShapes(config)) {
    const found = aliases(name)
      .map((n) => weights.get(n))
      .find((t): t is NamedTensor => t !== undefined);
    if (!found) {
      throw new Error(
        `The checkpoint has no ${name} (nor bert.${name}): it does not match config.json (${config.num_hidden_layers} layers, hidden ${config.hidden_size}); fix config.json or use the model's own weights`,
      );
    }
    if (found.shape.join(",") !== shape.join(",")) {
      throw new Error(
        `${name} has shape [${found.shape}] but config.json implies [${shape}]: the weights and config.json belong to different models`,
      );
    }
    selected.set(name, found);
  }
  return selected;
}
