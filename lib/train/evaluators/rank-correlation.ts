/**
 * 1-based ranks, ties sharing the average of the ranks they span (`scipy.stats.rankdata`'s
 * default), which is what makes Spearman correct on gold scores with many ties (STS).
 */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    const rank = (start + 1 + end) / 2; // mean of ranks start+1 … end
    for (let p = start; p < end; p++) ranks[order[p]] = rank;
    start = end;
  }
  return ranks;
}

/**
 * Pearson correlation of two equally long series; NaN when either is constant (undefined,
 * as in scipy) or shorter than 2.
 */
export function pearson(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length)
    throw new Error(`Correlation needs series of equal length, got ${x.length} and ${y.length}`);
  const n = x.length;
  if (n < 2) return NaN;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy);
}

/** Spearman rank correlation: Pearson of the average ranks. */
export function spearman(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length)
    throw new Error(`Correlation needs series of equal length, got ${x.length} and ${y.length}`);
  // NaN would break the sort inside the ranking; a broken model should read NaN, not a number.
  if (x.some(Number.isNaN) || y.some(Number.isNaN)) return NaN;
  return pearson(averageRanks(x), averageRanks(y));
}
