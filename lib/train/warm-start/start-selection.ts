import type { MatrixEmbedder } from "@/lib/train/trainer/embed-texts";
import type { TokenMatrix } from "@/lib/train/trainer/token-matrix";
import type { EmbeddingTable } from "@/lib/train/warm-start/embedding-warm-start";

/**
 * The sentence vectors a warm-started scratch encoder computes before any training, without
 * running it: with its residual branches zeroed and the sink dimensions' gain at zero, mean
 * pooling gives (up to LayerNorm and the small position embeddings) the sum of the tokens'
 * meaning dimensions. Cheap enough to compare several starts on held-out data.
 */
export class BagOfRowsEmbedder implements MatrixEmbedder {
  readonly hidden: number;

  /**
   * @param start `[vocab, width]` rows
   * @param meaningDims the leading dimensions that reach the pooled vector (width − sink dimensions)
   */
  constructor(
    private readonly start: EmbeddingTable,
    private readonly width: number,
    meaningDims: number,
  ) {
    this.hidden = meaningDims;
  }

  async embed(matrices: readonly TokenMatrix[]): Promise<Float32Array[]> {
    const { table } = this.start;
    const vocab = table.length / this.width;
    return matrices.map((m) => {
      const out = new Float32Array(m.rows * this.hidden);
      for (let r = 0; r < m.rows; r++) {
        for (let t = 0; t < m.seqLen; t++) {
          const id = m.ids[r * m.seqLen + t];
          if (!m.mask[r * m.seqLen + t] || id < 0 || id >= vocab) continue;
          for (let j = 0; j < this.hidden; j++) out[r * this.hidden + j] += table[id * this.width + j];
        }
      }
      return out;
    });
  }
}

/** One candidate start and its held-out score. */
export interface ScoredStart<T> {
  candidate: T;
  score: number;
}

/**
 * The candidate with the best held-out score; a later candidate must beat an earlier one by
 * more than `tolerance` (so list the simpler or safer choices first).
 */
export function bestStart<T>(scored: readonly ScoredStart<T>[], tolerance = 0.002): ScoredStart<T> {
  if (scored.length === 0) throw new Error("no candidate start to choose from");
  return scored.reduce((best, s) => (s.score > best.score + tolerance ? s : best));
}
