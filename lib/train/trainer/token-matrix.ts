import type { Tokenizer } from "@/lib/model/tokenizer/tokenizer";

/**
 * Token ids of some texts padded to one length, as the encoder takes them: `ids` and `mask`
 * are `[rows, seqLen]` row-major int32 (plain arrays, so they cross to worker threads as is).
 */
export interface TokenMatrix {
  ids: Int32Array;
  mask: Int32Array;
  rows: number;
  seqLen: number;
}

/** Pads id rows (each with its [CLS]/[SEP]) into a matrix; `padId` fills the tail. */
export function padRows(rows: readonly number[][], padId = 0): TokenMatrix {
  const seqLen = Math.max(1, ...rows.map((r) => r.length));
  const ids = new Int32Array(rows.length * seqLen).fill(padId);
  const mask = new Int32Array(rows.length * seqLen);
  rows.forEach((row, r) => {
    ids.set(row, r * seqLen);
    mask.fill(1, r * seqLen, r * seqLen + row.length);
  });
  return { ids, mask, rows: rows.length, seqLen };
}

/** Tokenizes texts (truncated to `maxLength` tokens, specials included) into a {@link TokenMatrix}. */
export function tokenMatrix(tokenizer: Tokenizer, texts: readonly string[], maxLength: number): TokenMatrix {
  return padRows(
    texts.map((t) => tokenizer.ids(t, maxLength)),
    tokenizer.padId,
  );
}

/** Rows `[start, end)` of a matrix, with the padding columns no kept row needs cut off. */
export function sliceRows(m: TokenMatrix, start: number, end: number): TokenMatrix {
  const rows = Math.max(0, end - start);
  let seqLen = 1;
  for (let r = start; r < end; r++) {
    let len = 0;
    for (let t = 0; t < m.seqLen; t++) if (m.mask[r * m.seqLen + t]) len = t + 1;
    seqLen = Math.max(seqLen, len);
  }
  const ids = new Int32Array(rows * seqLen);
  const mask = new Int32Array(rows * seqLen);
  for (let r = 0; r < rows; r++) {
    ids.set(m.ids.subarray((start + r) * m.seqLen, (start + r) * m.seqLen + seqLen), r * seqLen);
    mask.set(m.mask.subarray((start + r) * m.seqLen, (start + r) * m.seqLen + seqLen), r * seqLen);
  }
  return { ids, mask, rows, seqLen };
}

/** The rows of matrices of one `seqLen`, stacked in order into one matrix. */
export function stackRows(matrices: readonly TokenMatrix[]): TokenMatrix {
  const seqLen = matrices[0].seqLen;
  if (matrices.some((m) => m.seqLen !== seqLen))
    throw new Error("stackRows needs matrices of one padded length: pad them to the longest first");
  const rows = matrices.reduce((n, m) => n + m.rows, 0);
  const ids = new Int32Array(rows * seqLen);
  const mask = new Int32Array(rows * seqLen);
  let at = 0;
  for (const m of matrices) {
    ids.set(m.ids, at);
    mask.set(m.mask, at);
    at += m.ids.length;
  }
  return { ids, mask, rows, seqLen };
}

/** Tokens that are not padding. */
export function realTokens(m: TokenMatrix): number {
  let n = 0;
  for (let i = 0; i < m.mask.length; i++) n += m.mask[i];
  return n;
}
