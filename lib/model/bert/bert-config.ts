/** Hyper-parameters of a BERT-family encoder, as found in a Hugging Face `config.json`. */
export interface BertConfig {
  model_type: "bert";
  architectures?: string[];
  vocab_size: number;
  hidden_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  intermediate_size: number;
  hidden_act: "gelu";
  hidden_dropout_prob: number;
  attention_probs_dropout_prob: number;
  max_position_embeddings: number;
  type_vocab_size: number;
  layer_norm_eps: number;
  pad_token_id: number;
}

/** The shape of sentence-transformers/all-MiniLM-L6-v2, used for benchmarks and as a scratch template. */
export const MINILM_L6_SHAPE = {
  vocab_size: 30522,
  hidden_size: 384,
  num_hidden_layers: 6,
  num_attention_heads: 12,
  intermediate_size: 1536,
  max_position_embeddings: 512,
} as const;

/** Fills the defaults of a BERT config from the fields that set its shape. */
export function bertConfig(shape: Partial<BertConfig> & Pick<BertConfig, "vocab_size" | "hidden_size">): BertConfig {
  return {
    model_type: "bert",
    architectures: ["BertModel"],
    num_hidden_layers: 2,
    num_attention_heads: 4,
    intermediate_size: shape.hidden_size * 4,
    hidden_act: "gelu",
    hidden_dropout_prob: 0.1,
    attention_probs_dropout_prob: 0.1,
    max_position_embeddings: 512,
    type_vocab_size: 2,
    layer_norm_eps: 1e-12,
    pad_token_id: 0,
    ...shape,
  };
}
