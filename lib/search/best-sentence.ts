import { sentenceSpans } from "@/lib/text/sentence-spans";
import type { OnnxEmbedder } from "@/lib/model/embed/onnx-embedder";

/**
 * For each text, the [start, end) of its sentence closest to the query vector (cosine on the
 * normalised embeddings). All sentences of all texts go through the embedder in one call.
 * Texts of one sentence get that sentence without any embedding.
 */
export async function bestSentences(
  embedder: OnnxEmbedder,
  queryVector: Float32Array,
  texts: string[],
): Promise<([number, number] | undefined)[]> {
  const spans = texts.map((t) => sentenceSpans(t, 0, t.length).map(([s, e]) => [s, e] as [number, number]));
  const many = spans.flatMap((list, i) => (list.length > 1 ? list.map((span) => ({ i, span })) : []));
  if (!many.length) return spans.map((list) => list[0]);
  const vectors = await embedder.embed(many.map(({ i, span }) => texts[i].slice(span[0], span[1])));
  const dim = embedder.dim;
  const best = spans.map((list) => ({ span: list.length === 1 ? list[0] : undefined, score: -Infinity }));
  many.forEach(({ i, span }, row) => {
    let dot = 0;
    for (let d = 0; d < dim; d++) dot += vectors[row * dim + d] * queryVector[d];
    if (dot > best[i].score) best[i] = { span, score: dot };
  });
  return best.map((b) => b.span);
}
