/**
 * Vector maths shared by the encoder, the trainer's evaluators, the index and clustering (pure).
 *
 * One rule for zero vectors, everywhere: a zero vector has no direction, so normalising leaves it
 * zero and its cosine with anything is 0. Where a zero or non-finite vector can only be a bug
 * upstream (a vector about to be indexed or searched for), callers say so with
 * {@link assertUsableVector}.
 */

/** Any vector: a typed array or a plain array of numbers. */
export type VectorLike = ArrayLike<number>;

/** Euclidean norm of `vec[offset .. offset + dim)`. */
export function l2Norm(vec: VectorLike, offset = 0, dim = vec.length - offset): number {
  let sum = 0;
  for (let j = 0; j < dim; j++) sum += vec[offset + j] * vec[offset + j];
  return Math.sqrt(sum);
}

/** x·y. */
export function dot(x: VectorLike, y: VectorLike): number {
  assertSameSize(x, y);
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] * y[i];
  return sum;
}

/** cos(x, y); 0 when either vector is zero. */
export function cosine(x: VectorLike, y: VectorLike): number {
  const denominator = l2Norm(x) * l2Norm(y);
  return denominator === 0 ? 0 : dot(x, y) / denominator;
}

/** ‖x − y‖. */
export function euclidean(x: VectorLike, y: VectorLike): number {
  assertSameSize(x, y);
  return Math.sqrt(rowDistance2(x, 0, y, 0, x.length));
}

/** x / ‖x‖ in float64 (zero stays zero), so that a cosine becomes one dot product. */
export function unitVector(x: VectorLike): Float64Array {
  const n = l2Norm(x);
  const out = new Float64Array(x.length);
  if (n > 0) for (let i = 0; i < x.length; i++) out[i] = x[i] / n;
  return out;
}

/**
 * The rows of `vectors` (`[n, dim]`, row-major) scaled to unit length (zero rows stay zero),
 * written to `out`: a new array by default, or `vectors` itself to normalise in place.
 */
export function normalizeRows(
  vectors: VectorLike,
  dim: number,
  out: Float32Array = new Float32Array(vectors.length),
): Float32Array {
  if (vectors.length % dim !== 0)
    throw new Error(
      `vectors has ${vectors.length} values, not a multiple of dim ${dim}; pass a row-major [n, ${dim}] array`,
    );
  for (let off = 0; off < vectors.length; off += dim) {
    const norm = l2Norm(vectors, off, dim);
    const scale = norm > 0 ? 1 / norm : 0;
    for (let j = 0; j < dim; j++) out[off + j] = vectors[off + j] * scale;
  }
  return out;
}

/**
 * A unit-length copy of `vec`, for a vector that must have a direction (one to index or to
 * search for): throws for a zero or non-finite vector, naming it as `what`.
 */
export function l2Normalize(vec: Float32Array, what = "vector"): Float32Array {
  assertUsableVector(vec, what);
  return normalizeRows(vec, vec.length);
}

/**
 * Throws unless `vec` has a direction: a zero or non-finite vector has no cosine with anything,
 * so an embedding like that is a bug upstream (an empty passage or a diverged model).
 */
export function assertUsableVector(vec: VectorLike, what = "vector"): void {
  const norm = l2Norm(vec);
  if (!Number.isFinite(norm))
    throw new Error(`${what} contains NaN or Infinity; re-embed the passage (the model may have diverged)`);
  if (norm === 0) throw new Error(`${what} is all zeros and has no direction; embed non-empty text`);
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

/** Squared Euclidean distance between row `a` of `x` and row `b` of `y` (both `[*, dim]`). */
export function rowDistance2(x: VectorLike, a: number, y: VectorLike, b: number, dim: number): number {
  let sum = 0;
  const xa = a * dim;
  const yb = b * dim;
  for (let d = 0; d < dim; d++) {
    const diff = x[xa + d] - y[yb + d];
    sum += diff * diff;
  }
  return sum;
}

function assertSameSize(x: VectorLike, y: VectorLike): void {
  if (x.length !== y.length)
    throw new Error(
      `Vectors of different sizes (${x.length} and ${y.length}) cannot be compared: use embeddings from one model`,
    );
}
