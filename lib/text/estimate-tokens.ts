/** Han, kana and CJK compatibility ideographs: about one WordPiece token each. */
const CJK = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/g;

/**
 * Approximate WordPiece tokens of a text without [CLS]/[SEP], fractional: 1.2 per word or
 * punctuation mark (long words split into pieces), one per CJK character. Additive over pieces
 * of a text cut at spaces or punctuation, so a splitter can sum it over sentences. Pure.
 */
export function wordPieceEstimate(text: string): number {
  const cjk = text.match(CJK)?.length ?? 0;
  const words = (cjk ? text.replace(CJK, " ") : text).match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu)?.length ?? 0;
  return words * 1.2 + cjk;
}

/** Approximate WordPiece tokens of a text: words and punctuation, plus [CLS] and [SEP]; one per CJK character. */
export function estimatedTokens(text: string): number {
  return Math.ceil(wordPieceEstimate(text)) + 2;
}
