import { seededRandom } from "@/lib/core/random";
import { csrTimesDense, csrTransposeTimesDense, type CsrMatrix } from "@/lib/train/warm-start/sparse-matrix";

/** Options of {@link truncatedSvd}. */
export interface SvdOptions {
  /** Extra random directions beyond the rank, for accuracy. Default 10. */
  oversample?: number;
  /** Power iterations (A·Aᵀ) that sharpen the spectrum. Default 2. */
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

/** `XᵀX` of a row-major `[n, k]` matrix, accumulated row by row (contiguous reads): `[k, k]`. */
function gramOfColumns(x: Float64Array, n: number, k: number): Float64Array {
  const g = new Float64Array(k * k);
  for (let i = 0; i < n; i++) {
    const row = i * k;
    for (let p = 0; p < k; p++) {
      const xp = x[row + p];
      if (xp === 0) continue;
      const gp = p * k;
      for (let q = p; q < k; q++) g[gp + q] += xp * x[row + q];
    }
  }
  for (let p = 0; p < k; p++) for (let q = 0; q < p; q++) g[p * k + q] = g[q * k + p];
  return g;
}

/** Upper-triangular R with RᵀR = G (Cholesky); pivots below `floor` are set to 1 so that dependent columns come out zero-ish, not NaN. */
function choleskyUpper(g: Float64Array, k: number, floor: number): Float64Array {
  const r = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    let d = g[j * k + j];
    for (let p = 0; p < j; p++) d -= r[p * k + j] ** 2;
    const pivot = d > floor ? Math.sqrt(d) : 0;
    r[j * k + j] = pivot || 1;
    for (let q = j + 1; q < k; q++) {
      let s = g[j * k + q];
      for (let p = 0; p < j; p++) s -= r[p * k + j] * r[p * k + q];
      r[j * k + q] = pivot ? s / pivot : 0;
    }
  }
  return r;
}

/**
 * Orthonormalises the k columns of `[n, k]` (row-major) in place by CholeskyQR2: X ← X·R⁻¹
 * with RᵀR = XᵀX, done twice for accuracy (once is enough between power iterations, which
 * only need the columns kept apart). Every pass reads rows contiguously, which is what makes
 * it an order of magnitude faster than Gram–Schmidt on column-strided data in JS.
 */
export function orthonormalizeColumns(x: Float64Array, n: number, k: number, passes = 2): void {
  const y = new Float64Array(k);
  for (let pass = 0; pass < passes; pass++) {
    const g = gramOfColumns(x, n, k);
    let trace = 0;
    for (let p = 0; p < k; p++) trace += g[p * k + p];
    const r = choleskyUpper(g, k, (trace / Math.max(1, k)) * 1e-12);
    for (let i = 0; i < n; i++) {
      const row = i * k;
      // Solve y·R = x_row (forward substitution over the upper-triangular R).
      for (let j = 0; j < k; j++) {
        let s = x[row + j];
        for (let p = 0; p < j; p++) s -= y[p] * r[p * k + j];
        y[j] = s / r[j * k + j];
      }
      x.set(y, row);
    }
  }
}

/**
 * Eigen-decomposition of a symmetric `[n, n]` matrix by cyclic Jacobi rotations.
 * @returns eigenvalues (descending) and eigenvectors as the columns of `[n, n]` row-major
 */
export function symmetricEigen(
  matrix: Float64Array,
  n: number,
  sweeps = 30,
): { values: Float64Array; vectors: Float64Array } {
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
  const { oversample = 10, powerIterations = 2, seed = 0 } = options;
  const l = Math.min(rank + oversample, a.rows, a.cols);
  const random = seededRandom(seed);
  const omega = Float64Array.from({ length: a.cols * l }, () => random() * 2 - 1);
  let y = csrTimesDense(a, omega, l); // [rows, l]
  orthonormalizeColumns(y, a.rows, l, 1);
  for (let q = 0; q < powerIterations; q++) {
    const z = csrTransposeTimesDense(a, y, l); // [cols, l]
    orthonormalizeColumns(z, a.cols, l, 1);
    y = csrTimesDense(a, z, l);
    orthonormalizeColumns(y, a.rows, l, q === powerIterations - 1 ? 2 : 1);
  }
  if (powerIterations === 0) orthonormalizeColumns(y, a.rows, l);
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
