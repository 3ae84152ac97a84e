/**
 * The largest weight level: 7 bits (±63), as onnxruntime's `reduce_range`. Its MatMulInteger
 * kernels on x86 without VNNI (AVX2, AVX-512F) add pairs of uint8 × int8 products in int16
 * with saturation (vpmaddubsw): 2 · 255 · 127 overflows, 2 · 255 · 63 does not. With ±127, a
 * tiny model's int8 embeddings agreed with fp32 at cosine 0.980 on an AVX2-only EPYC against
 * ≥ 0.999 on AVX-512 hosts; the files must serve on any host.
 */
export const WEIGHT_LEVELS = 63;

/** A weight matrix stored as int8 with one scale per output column (symmetric: zero point 0). */
export interface Int8Columns {
  /** `[rows, cols]` row-major, each in [-{@link WEIGHT_LEVELS}, {@link WEIGHT_LEVELS}]. */
  values: Int8Array;
  /** `[cols]`: column j's real values are `values[·, j] * scales[j]`. */
  scales: Float32Array;
}

/**
 * Quantises a `[rows, cols]` (`[in, out]`) weight matrix to int8, symmetrically per column.
 * Per column rather than per tensor because a few large columns would otherwise squeeze every
 * other column into a handful of levels; symmetric (zero point 0) because trained weights are
 * centred on 0 and it keeps the integer kernels free of a zero-point correction. Pure.
 */
export function quantizeColumns(data: Float32Array, rows: number, cols: number): Int8Columns {
  if (data.length !== rows * cols)
    throw new Error(`Internal error: ${data.length} weights for a ${rows}×${cols} matrix`);
  const scales = new Float32Array(cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) scales[c] = Math.max(scales[c], Math.abs(data[r * cols + c]));
  }
  // An all-zero column keeps scale 1 so that no division by 0 happens; its values are 0 anyway.
  for (let c = 0; c < cols; c++) scales[c] = scales[c] > 0 ? scales[c] / WEIGHT_LEVELS : 1;
  const values = new Int8Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) values[r * cols + c] = Math.round(data[r * cols + c] / scales[c]);
  }
  return { values, scales };
}
