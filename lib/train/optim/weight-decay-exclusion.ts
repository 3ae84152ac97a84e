/**
 * The parameters AdamW must not decay: biases, LayerNorm gains and shifts (Hugging Face names
 * `…LayerNorm.weight/bias`, TF-era `gamma/beta`) and a learnable temperature (`logit_scale`).
 * Decaying them pulls them toward 0, which for a LayerNorm gain means shrinking every
 * activation, not regularising; BERT's recipe exempts them (its `no_decay` list).
 */
export function isNoDecayParameter(name: string): boolean {
  return /bias$|layer_?norm|logit_scale|(^|[./])(gamma|beta)$/i.test(name);
}
