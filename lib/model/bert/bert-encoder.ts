import * as tf from "@tensorflow/tfjs";
import type { BertConfig } from "@/lib/model/bert/bert-config";
import {
  additiveMask,
  bertLayer,
  embeddings,
  type Dense,
  type EmbeddingVariables,
  type LayerContext,
  type LayerVariables,
  type Norm,
} from "@/lib/model/bert/bert-layers";
import { isLinearWeight, selectBertWeights, transpose2d } from "@/lib/model/bert/bert-parameters";
import type { Weights } from "@/lib/model/store/safetensors";

/** Token ids and masks of one batch, all `[batch, seq]`. */
export interface EncoderInputs {
  /** Token ids; int32 (other dtypes are cast). */
  inputIds: tf.Tensor2D;
  /** 1 on tokens, 0 on padding. */
  attentionMask: tf.Tensor2D;
  /** Segment ids; all 0 when absent. */
  tokenTypeIds?: tf.Tensor2D;
}

export interface ForwardOptions {
  /** Applies dropout (hidden and attention probabilities) when true. Default false. */
  training?: boolean;
}

let instances = 0;

/**
 * A BERT encoder (post-LN, exact GELU) in TensorFlow.js, differentiable for training.
 * Built from Hugging Face weights (`bert.`-prefixed or not; `pooler.*` ignored).
 */
export class BertEncoder {
  /**
   * Trainable parameters by Hugging Face name (`encoder.layer.0.attention.self.query.weight`).
   * Linear weights are held transposed, `[in, out]`, so that the forward pass needs no transpose;
   * {@link toWeights} turns them back. Each variable's TF.js name is unique per encoder.
   */
  readonly variables: Map<string, tf.Variable>;
  private readonly embeddingVars: EmbeddingVariables;
  private readonly layerVars: LayerVariables[];

  constructor(
    readonly config: BertConfig,
    weights: Weights,
  ) {
    if (config.hidden_size % config.num_attention_heads !== 0) {
      throw new Error(
        `hidden_size ${config.hidden_size} is not a multiple of num_attention_heads ${config.num_attention_heads}: fix config.json`,
      );
    }
    const selected = selectBertWeights(config, weights);
    const scope = `bert${++instances}`;
    this.variables = new Map();
    for (const [name, t] of selected) {
      const [rows, cols] = t.shape;
      const data = isLinearWeight(name) ? transpose2d(t.data, rows, cols) : t.data;
      const shape = isLinearWeight(name) ? [cols, rows] : t.shape;
      const initial = tf.tensor(data, shape, "float32");
      this.variables.set(name, tf.variable(initial, true, `${scope}/${name}`));
      initial.dispose(); // the variable holds its own reference to the data
    }
    this.embeddingVars = {
      word: this.v("embeddings.word_embeddings.weight"),
      position: this.v("embeddings.position_embeddings.weight"),
      tokenType: this.v("embeddings.token_type_embeddings.weight"),
      norm: this.norm("embeddings.LayerNorm"),
    };
    this.layerVars = Array.from({ length: config.num_hidden_layers }, (_, l) => this.layer(`encoder.layer.${l}`));
  }

  private v(name: string): tf.Variable {
    return this.variables.get(name)!;
  }

  private dense(prefix: string): Dense {
    return { kernel: this.v(`${prefix}.weight`), bias: this.v(`${prefix}.bias`) };
  }

  private norm(prefix: string): Norm {
    return { gamma: this.v(`${prefix}.weight`), beta: this.v(`${prefix}.bias`) };
  }

  private layer(p: string): LayerVariables {
    return {
      query: this.dense(`${p}.attention.self.query`),
      key: this.dense(`${p}.attention.self.key`),
      value: this.dense(`${p}.attention.self.value`),
      attentionOutput: this.dense(`${p}.attention.output.dense`),
      attentionNorm: this.norm(`${p}.attention.output.LayerNorm`),
      intermediate: this.dense(`${p}.intermediate.dense`),
      output: this.dense(`${p}.output.dense`),
      outputNorm: this.norm(`${p}.output.LayerNorm`),
    };
  }

  /**
   * Contextual token embeddings.
   * @returns `[batch, seq, hidden]`, owned by the caller (dispose it or call inside `tf.tidy`).
   */
  forward(inputs: EncoderInputs, options: ForwardOptions = {}): tf.Tensor3D {
    const [batch, seq] = inputs.inputIds.shape;
    const c = this.config;
    if (seq > c.max_position_embeddings) {
      throw new Error(
        `A sequence of ${seq} tokens exceeds max_position_embeddings=${c.max_position_embeddings}: truncate the input`,
      );
    }
    if (inputs.attentionMask.shape.join(",") !== inputs.inputIds.shape.join(",")) {
      throw new Error(
        `attentionMask [${inputs.attentionMask.shape}] must have the shape of inputIds [${inputs.inputIds.shape}]`,
      );
    }
    const training = options.training ?? false;
    const ctx: LayerContext = {
      batch,
      seq,
      hidden: c.hidden_size,
      heads: c.num_attention_heads,
      eps: c.layer_norm_eps,
      hiddenDropout: training ? c.hidden_dropout_prob : 0,
      attentionDropout: training ? c.attention_probs_dropout_prob : 0,
    };
    return tf.tidy(() => {
      const ids = tf.cast(inputs.inputIds, "int32");
      const types = inputs.tokenTypeIds ? tf.cast(inputs.tokenTypeIds, "int32") : undefined;
      const mask = additiveMask(inputs.attentionMask);
      let x = embeddings(ids, types, this.embeddingVars, ctx);
      for (const layer of this.layerVars) x = bertLayer(x, mask, layer, ctx);
      return tf.reshape(x, [batch, seq, c.hidden_size]);
    });
  }

  /** The current parameters under Hugging Face names, linear weights back in PyTorch `[out, in]`. */
  toWeights(): Weights {
    const out: Weights = new Map();
    for (const [name, variable] of this.variables) {
      const data = variable.dataSync() as Float32Array;
      if (isLinearWeight(name)) {
        const [inDim, outDim] = variable.shape;
        out.set(name, { shape: [outDim, inDim], data: transpose2d(data, inDim, outDim) });
      } else {
        out.set(name, { shape: [...variable.shape], data: Float32Array.from(data) });
      }
    }
    return out;
  }

  /** Frees every variable. The encoder is unusable afterwards. */
  dispose(): void {
    for (const variable of this.variables.values()) variable.dispose();
    this.variables.clear();
  }
}
