import { cosine } from "@/lib/core/vector-math";

/** How closely two encodings of the same texts agree, row by row. */
export interface EmbeddingAgreement {
  /** Mean over rows of cos(a_i, b_i). */
  meanCosine: number;
  /** The worst row's cosine. */
  minCosine: number;
}

/** Bounds an {@link EmbeddingAgreement} must meet for a cheaper graph to replace the exact one. */
export interface AgreementBounds {
  meanCosine: number;
  minCosine: number;
}

/**
 * Default bounds for int8 against fp32: at mean cosine 0.99 the neighbours of a vector barely
 * move (STS and retrieval scores of quantised sentence encoders stay within a point), and 0.98
 * for the worst row keeps one badly quantised text (an outlier activation) from slipping through.
 */
export const INT8_AGREEMENT_BOUNDS: AgreementBounds = { meanCosine: 0.99, minCosine: 0.98 };

/**
 * Row-wise cosine agreement of two `[rows, dim]` row-major embedding matrices of the same texts. Pure.
 */
export function embeddingAgreement(a: Float32Array, b: Float32Array, dim: number): EmbeddingAgreement {
  if (a.length !== b.length || a.length === 0 || a.length % dim !== 0) {
    throw new Error(`Internal error: cannot compare embeddings of ${a.length} and ${b.length} values at width ${dim}`);
  }
  const rows = a.length / dim;
  let sum = 0;
  let min = Infinity;
  for (let r = 0; r < rows; r++) {
    const c = cosine(a.subarray(r * dim, (r + 1) * dim), b.subarray(r * dim, (r + 1) * dim));
    sum += c;
    min = Math.min(min, c);
  }
  return { meanCosine: sum / rows, minCosine: min };
}

/** Whether `agreement` meets `bounds`; a reason to log when it does not. */
export function meetsBounds(agreement: EmbeddingAgreement, bounds: AgreementBounds): { ok: boolean; reason: string } {
  const figures = `mean cosine ${agreement.meanCosine.toFixed(4)}, min ${agreement.minCosine.toFixed(4)}`;
  const ok = agreement.meanCosine >= bounds.meanCosine && agreement.minCosine >= bounds.minCosine;
  return {
    ok,
    reason: ok ? figures : `${figures} is below the bounds (mean ≥ ${bounds.meanCosine}, min ≥ ${bounds.minCosine})`,
  };
}
