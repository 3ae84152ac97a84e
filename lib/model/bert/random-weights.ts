import type { BertConfig } from "@/lib/model/bert/bert-config";
import type { Weights } from "@/lib/model/store/safetensors";
import { gaussian, seededRandom } from "@/lib/core/random";

/** Normal samples truncated at two standard deviations, as BERT initialises its weights. */
function truncatedNormal(count: number, std: number, rand: () => number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count;) {
    const z = gaussian(rand);
    if (Math.abs(z) <= 2) out[i++] = z * std;
  }
  return out;
}

/**
 * Random BERT weights under the standard Hugging Face names (no `bert.` prefix).
 * Linear weights are in PyTorch layout `[out, in]`; LayerNorm starts at weight 1, bias 0.
 */
export function randomBertWeights(config: BertConfig, seed = 42, std = 0.02): Weights {
  const rand = seededRandom(seed);
  const w: Weights = new Map();
  const H = config.hidden_size;
  const I = config.intermediate_size;
  const normal = (name: string, shape: number[]) =>
    w.set(name, {
      shape,
      data: truncatedNormal(
        shape.reduce((a, b) => a * b, 1),
        std,
        rand,
      ),
    });
  const constant = (name: string, size: number, value: number) =>
    w.set(name, { shape: [size], data: new Float32Array(size).fill(value) });
  const linear = (prefix: string, out: number, inp: number) => {
    normal(`${prefix}.weight`, [out, inp]);
    constant(`${prefix}.bias`, out, 0);
  };
  const layerNorm = (prefix: string) => {
    constant(`${prefix}.weight`, H, 1);
    constant(`${prefix}.bias`, H, 0);
  };
  normal("embeddings.word_embeddings.weight", [config.vocab_size, H]);
  normal("embeddings.position_embeddings.weight", [config.max_position_embeddings, H]);
  normal("embeddings.token_type_embeddings.weight", [config.type_vocab_size, H]);
  layerNorm("embeddings.LayerNorm");
  for (let l = 0; l < config.num_hidden_layers; l++) {
    const p = `encoder.layer.${l}`;
    for (const part of ["query", "key", "value"]) linear(`${p}.attention.self.${part}`, H, H);
    linear(`${p}.attention.output.dense`, H, H);
    layerNorm(`${p}.attention.output.LayerNorm`);
    linear(`${p}.intermediate.dense`, I, H);
    linear(`${p}.output.dense`, H, I);
    layerNorm(`${p}.output.LayerNorm`);
  }
  return w;
}
