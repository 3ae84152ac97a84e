/**
 * Pools token vectors into sentence vectors on plain arrays, for ONNX graphs that output only
 * `last_hidden_state` (or when the graph's own pooling normalises and the caller wants raw vectors).
 * @param hidden `[batch, seq, dim]` row-major
 * @param mask `[batch, seq]`, 1 on tokens, 0 on padding
 * @returns `[batch, dim]`; mean pooling divides by max(tokens, 1e-9) as sentence-transformers does
 */
export function poolTokens(
  hidden: Float32Array,
  mask: BigInt64Array,
  batch: number,
  seq: number,
  dim: number,
  mode: "mean" | "cls" | "max",
): Float32Array {
  const out = new Float32Array(batch * dim);
  for (let b = 0; b < batch; b++) {
    const row = out.subarray(b * dim, (b + 1) * dim);
    if (mode === "cls") {
      row.set(hidden.subarray(b * seq * dim, b * seq * dim + dim));
      continue;
    }
    if (mode === "max") row.fill(-Infinity);
    let count = 0;
    for (let t = 0; t < seq; t++) {
      if (mask[b * seq + t] === 0n) continue;
      count++;
      const base = (b * seq + t) * dim;
      for (let d = 0; d < dim; d++)
        row[d] = mode === "max" ? Math.max(row[d], hidden[base + d]) : row[d] + hidden[base + d];
    }
    if (mode === "mean") for (let d = 0; d < dim; d++) row[d] /= Math.max(count, 1e-9);
    else if (count === 0) row.fill(0);
  }
  return out;
}
