import type { Tokenizer } from "@/lib/model/tokenizer/tokenizer";
import { normalizeRows } from "@/lib/core/vector-math";
import { tokenMatrix, type TokenMatrix } from "@/lib/train/trainer/token-matrix";

/** Something that embeds token matrices: a training engine (spread over its replicas). */
export interface MatrixEmbedder {
  readonly hidden: number;
  embed(matrices: readonly TokenMatrix[]): Promise<Float32Array[]>;
}

/**
 * Sentence vectors of texts with the model being trained (no dropout), L2-normalised:
 * texts are sorted by length into batches of `batchSize` so that padding stays small, and
 * put back in order.
 * @returns `[texts.length, hidden]` row-major
 */
export async function embedTexts(
  engine: MatrixEmbedder,
  tokenizer: Tokenizer,
  texts: readonly string[],
  maxLength: number,
  batchSize = 64,
): Promise<{ vectors: Float32Array; dim: number }> {
  const dim = engine.hidden;
  const ids = texts.map((t) => tokenizer.ids(t, maxLength));
  const order = ids.map((_, i) => i).sort((a, b) => ids[a].length - ids[b].length || a - b);
  const groups: number[][] = [];
  for (let i = 0; i < order.length; i += batchSize) groups.push(order.slice(i, i + batchSize));
  const matrices = groups.map((g) =>
    tokenMatrix(
      tokenizer,
      g.map((i) => texts[i]),
      maxLength,
    ),
  );
  const outputs = await engine.embed(matrices);
  const vectors = new Float32Array(texts.length * dim);
  groups.forEach((g, b) => g.forEach((row, k) => vectors.set(outputs[b].subarray(k * dim, (k + 1) * dim), row * dim)));
  return { vectors: normalizeRows(vectors, dim, vectors), dim };
}
