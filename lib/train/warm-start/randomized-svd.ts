import { seededRandom } from "@/lib/model/random-weights";
import { csrTimesDense, csrTransposeTimesDense, type CsrMatrix } from "./sparse-matrix";

/** Options of {@link truncatedSvd}. */
export interface SvdOptions {
  /** Extra random directions beyond the rank, for accuracy. Default 10. */
  oversample?: number;
  /** Power iterations (A·Aᵀ) that sharpen the spectrum. Default 3. */
  powerIterations?: number;
  seed?: number;
}

/** The leading singular triplets: `A ≈ U · diag(S) · Vᵀ`. */
export interface TruncatedSvd {
  rank: number;
  /** `[rows, rank]` row-major, orthonormal columns */
  u: Float64Array;
  /** `[rank]` descending */
  s: Float64Array;
}

/** Orthonormalises the k columns of `[n, k]` in place (modified Gram–Schmidt, twice for stability). */
export function orthonormalizeColumns(x: Float64Array, n: number, k: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < k; j++) {
      for (let p = 0; p < j; p++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += x[i * k + j] * x[i * k + p];
        for (let i = 0; i < n; i++) x[i * k + j] -= dot * x[i * k + p];
      }
      let norm = 0;
      for (let i = 0; i < n; i++) norm += x[i * k + j] ** 2;
      norm = Math.sqrt(norm);
      // A column in the span of the others (rank-deficient input) is zeroed, not blown up.
      const scale = norm > 1e-10 ? 1 / norm : 0;
      for (let i = 0; i < n; i++) x[i * k + j] *= scale;
    }
  }
}

/**
 * Eigen-decomposition of a symmetric `[n, n]` matrix by cyclic Jacobi rotations.
 * @returns eigenvalues (descending) and eigenvectors as the columns of `[n, n]` row-major
 */
export function symmetricEigen(matrix: Float64Array, n: number, sweeps = 30): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < sweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j] - a[i * n + i]);
  const values = Float64Array.from(order, (i) => a[i * n + i]);
  const vectors = new Float64Array(n * n);
  order.forEach((col, j) => {
    for (let k = 0; k < n; k++) vectors[k * n + j] = v[k * n + col];
  });
  return { values, vectors };
}

/**
 * Truncated SVD of a sparse matrix by randomized range finding (Halko, Martinsson & Tropp
 * 2011): Y = (A·Aᵀ)^q · A · Ω, Q = orth(Y), then the small problem B = Qᵀ·A solved through
 * the eigen-decomposition of B·Bᵀ. Only the left factor is returned: for a word–context
 * matrix its rows are the word vectors.
 */
export function truncatedSvd(a: CsrMatrix, rank: number, options: SvdOptions = {}): TruncatedSvd {
  const { oversample = 10, powerIterations = 3, seed = 0 } = options;
  const l = Math.min(rank + oversample, a.rows, a.cols);
  const random = seededRandom(seed);
  const omega = Float64Array.from({ length: a.cols * l }, () => random() * 2 - 1);
  let y = csrTimesDense(a, omega, l); // [rows, l]
  orthonormalizeColumns(y, a.rows, l);
  for (let q = 0; q < powerIterations; q++) {
    const z = csrTransposeTimesDense(a, y, l); // [cols, l]
    orthonormalizeColumns(z, a.cols, l);
    y = csrTimesDense(a, z, l);
    orthonormalizeColumns(y, a.rows, l);
  }
  // Bᵀ = Aᵀ·Q is [cols, l]; B·Bᵀ = (Aᵀ·Q)ᵀ(Aᵀ·Q) is [l, l].
  const bt = csrTransposeTimesDense(a, y, l);
  const gram = new Float64Array(l * l);
  for (let i = 0; i < a.cols; i++) {
    const row = i * l;
    for (let p = 0; p < l; p++) {
      const x = bt[row + p];
      if (x === 0) continue;
      for (let q = p; q < l; q++) gram[p * l + q] += x * bt[row + q];
    }
  }
  for (let p = 0; p < l; p++) for (let q = 0; q < p; q++) gram[p * l + q] = gram[q * l + p];
  const { values, vectors } = symmetricEigen(gram, l);
  const r = Math.min(rank, l);
  const u = new Float64Array(a.rows * r);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < r; j++) {
      let sum = 0;
      for (let p = 0; p < l; p++) sum += y[i * l + p] * vectors[p * l + j];
      u[i * r + j] = sum;
    }
  }
  return { rank: r, u, s: Float64Array.from(values.slice(0, r), (x) => Math.sqrt(Math.max(x, 0))) };
}
