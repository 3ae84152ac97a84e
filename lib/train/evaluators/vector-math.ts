import type { Vector } from "@/lib/train/evaluators/evaluation-result";

/** x·y. */
export function dot(x: Vector, y: Vector): number {
  if (x.length !== y.length)
    throw new Error(
      `Vectors of different sizes (${x.length} and ${y.length}) cannot be compared: use embeddings from one model`,
    );
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] * y[i];
  return sum;
}

/** ‖x‖. */
export function norm(x: Vector): number {
  return Math.sqrt(dot(x, x));
}

/** cos(x, y); 0 when either vector is zero (rather than NaN). */
export function cosine(x: Vector, y: Vector): number {
  const denominator = norm(x) * norm(y);
  return denominator === 0 ? 0 : dot(x, y) / denominator;
}

/** ‖x − y‖. */
export function euclidean(x: Vector, y: Vector): number {
  if (x.length !== y.length)
    throw new Error(
      `Vectors of different sizes (${x.length} and ${y.length}) cannot be compared: use embeddings from one model`,
    );
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += (x[i] - y[i]) ** 2;
  return Math.sqrt(sum);
}

/** x / ‖x‖ as a Float64Array (zero stays zero), so that cosine becomes a dot product. */
export function unitVector(x: Vector): Float64Array {
  const n = norm(x);
  const out = new Float64Array(x.length);
  if (n > 0) for (let i = 0; i < x.length; i++) out[i] = x[i] / n;
  return out;
}
