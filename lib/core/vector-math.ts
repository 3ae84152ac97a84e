/**
 * Small vector helpers shared by the index, exact search and the benchmark (pure).
 * Vectors are float32 because that is what the encoder emits and what hnswlib stores.
 */

/** Euclidean norm of `vec[offset .. offset + dim)`. */
export function l2Norm(vec: Float32Array, offset = 0, dim = vec.length - offset): number {
  let sum = 0;
  for (let j = 0; j < dim; j++) sum += vec[offset + j] * vec[offset + j];
  return Math.sqrt(sum);
}

/**
 * A unit-length copy of `vec` (shape `[dim]`).
 * Throws for a zero or non-finite vector: its cosine similarity is undefined, so an
 * embedding like that is a bug upstream (an empty passage or a diverged model).
 */
export function l2Normalize(vec: Float32Array, what = "vector"): Float32Array {
  const norm = l2Norm(vec);
  assertUsableNorm(norm, what);
  const out = new Float32Array(vec.length);
  for (let j = 0; j < vec.length; j++) out[j] = vec[j] / norm;
  return out;
}

/** Unit-length copies of the rows of `vectors` (shape `[n, dim]`, row-major). */
export function normalizeRows(vectors: Float32Array, dim: number): Float32Array {
  if (vectors.length % dim !== 0)
    throw new Error(
      `vectors has ${vectors.length} values, not a multiple of dim ${dim}; pass a row-major [n, ${dim}] array`,
    );
  const out = new Float32Array(vectors.length);
  for (let off = 0; off < vectors.length; off += dim) {
    const norm = l2Norm(vectors, off, dim);
    assertUsableNorm(norm, `row ${off / dim}`);
    for (let j = 0; j < dim; j++) out[off + j] = vectors[off + j] / norm;
  }
  return out;
}

/** Dot product of row `i` of `rows` (shape `[n, dim]`) with `query` (shape `[dim]`). */
export function dotRow(rows: Float32Array, i: number, query: Float32Array): number {
  const dim = query.length;
  const off = i * dim;
  // Four accumulators let V8 pipeline the multiply-adds; it matters for the brute-force baseline.
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  let j = 0;
  for (; j + 3 < dim; j += 4) {
    s0 += rows[off + j] * query[j];
    s1 += rows[off + j + 1] * query[j + 1];
    s2 += rows[off + j + 2] * query[j + 2];
    s3 += rows[off + j + 3] * query[j + 3];
  }
  for (; j < dim; j++) s0 += rows[off + j] * query[j];
  return s0 + s1 + s2 + s3;
}

function assertUsableNorm(norm: number, what: string): void {
  if (!Number.isFinite(norm))
    throw new Error(`${what} contains NaN or Infinity; re-embed the passage (the model may have diverged)`);
  if (norm === 0) throw new Error(`${what} is all zeros and has no direction; embed non-empty text`);
}
