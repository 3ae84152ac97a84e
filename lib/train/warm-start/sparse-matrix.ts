/** A sparse matrix in compressed sparse row form: row r's entries are `[rowStart[r], rowStart[r + 1])`. */
export interface CsrMatrix {
  rows: number;
  cols: number;
  /** `[rows + 1]` */
  rowStart: Int32Array;
  /** `[nnz]` column of each entry, ascending within a row */
  colIndex: Int32Array;
  /** `[nnz]` */
  values: Float64Array;
}

/**
 * `A · X` for sparse `A` `[rows, cols]` and dense `X` `[cols, k]` (row-major).
 * @returns `[rows, k]` row-major
 */
export function csrTimesDense(a: CsrMatrix, x: Float64Array, k: number): Float64Array {
  if (x.length !== a.cols * k) throw new Error(`csrTimesDense: X has ${x.length} values, expected ${a.cols} × ${k}`);
  const out = new Float64Array(a.rows * k);
  for (let r = 0; r < a.rows; r++) {
    const o = r * k;
    for (let e = a.rowStart[r]; e < a.rowStart[r + 1]; e++) {
      const v = a.values[e];
      const xo = a.colIndex[e] * k;
      for (let j = 0; j < k; j++) out[o + j] += v * x[xo + j];
    }
  }
  return out;
}

/**
 * `Aᵀ · X` for sparse `A` `[rows, cols]` and dense `X` `[rows, k]`.
 * @returns `[cols, k]` row-major
 */
export function csrTransposeTimesDense(a: CsrMatrix, x: Float64Array, k: number): Float64Array {
  if (x.length !== a.rows * k)
    throw new Error(`csrTransposeTimesDense: X has ${x.length} values, expected ${a.rows} × ${k}`);
  const out = new Float64Array(a.cols * k);
  for (let r = 0; r < a.rows; r++) {
    const xo = r * k;
    for (let e = a.rowStart[r]; e < a.rowStart[r + 1]; e++) {
      const v = a.values[e];
      const o = a.colIndex[e] * k;
      for (let j = 0; j < k; j++) out[o + j] += v * x[xo + j];
    }
  }
  return out;
}

/** Builds a CSR matrix from a map of `row · cols + col` → value. */
export function csrFromEntries(rows: number, cols: number, entries: Map<number, number>): CsrMatrix {
  const keys = [...entries.keys()].sort((a, b) => a - b);
  const rowStart = new Int32Array(rows + 1);
  const colIndex = new Int32Array(keys.length);
  const values = new Float64Array(keys.length);
  keys.forEach((key, i) => {
    const r = Math.floor(key / cols);
    rowStart[r + 1]++;
    colIndex[i] = key - r * cols;
    values[i] = entries.get(key)!;
  });
  for (let r = 0; r < rows; r++) rowStart[r + 1] += rowStart[r];
  return { rows, cols, rowStart, colIndex, values };
}
