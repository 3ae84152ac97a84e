/** A cluster or class label. */
export type Label = string | number;

/** The non-empty cells of the contingency table of two labelings, with its margins. */
interface Contingency {
  /** [count, row, column] of every non-empty cell */
  cells: [number, number, number][];
  /** items per label of the first labeling */
  rows: number[];
  /** items per label of the second labeling */
  columns: number[];
  n: number;
}

function contingency(a: readonly Label[], b: readonly Label[]): Contingency {
  if (a.length !== b.length)
    throw new Error(`Comparing partitions needs one label per item on both sides, got ${a.length} and ${b.length}`);
  const rowOf = new Map<Label, number>();
  const columnOf = new Map<Label, number>();
  const cells = new Map<string, [number, number, number]>();
  const rows: number[] = [];
  const columns: number[] = [];
  a.forEach((label, i) => {
    const r = slot(rowOf, label, rows);
    const c = slot(columnOf, b[i], columns);
    rows[r]++;
    columns[c]++;
    const cell = cells.get(`${r},${c}`);
    if (cell) cell[0]++;
    else cells.set(`${r},${c}`, [1, r, c]);
  });
  return { cells: [...cells.values()], rows, columns, n: a.length };
}

/** The dense index of `label`, allocating a zero total for a new one. */
function slot(map: Map<Label, number>, label: Label, totals: number[]): number {
  let at = map.get(label);
  if (at === undefined) {
    at = totals.length;
    map.set(label, at);
    totals.push(0);
  }
  return at;
}

function entropy(counts: readonly number[], n: number): number {
  return -counts.reduce((h, c) => (c > 0 ? h + (c / n) * Math.log(c / n) : h), 0);
}

/**
 * Normalised mutual information with the arithmetic mean of the entropies,
 * MI / ((H(a) + H(b)) / 2), scikit-learn's default (equal to the V-measure). In [0, 1]:
 * 1 for identical partitions (up to renaming), ≈ 0 for independent ones. Two single-cluster
 * partitions count as identical (1), as in scikit-learn.
 */
export function normalizedMutualInfo(a: readonly Label[], b: readonly Label[]): number {
  const { cells, rows, columns, n } = contingency(a, b);
  if (n === 0 || (rows.length === 1 && columns.length === 1)) return 1;
  let mi = 0;
  for (const [count, r, c] of cells) mi += (count / n) * Math.log((count * n) / (rows[r] * columns[c]));
  const normalizer = (entropy(rows, n) + entropy(columns, n)) / 2;
  // Rounding can leave MI a hair below 0 or above the normalizer.
  return mi <= 0 || normalizer <= 0 ? 0 : Math.min(mi / normalizer, 1);
}

const pairs = (m: number) => (m * (m - 1)) / 2;

/**
 * Adjusted Rand index (Hubert & Arabie): agreement on which pairs of items share a cluster,
 * corrected for chance. 1 for identical partitions, ≈ 0 for random ones, negative for worse
 * than chance. When both partitions are the same trivial one (all together, or all apart)
 * the chance correction is 0/0 and the answer is 1, as in scikit-learn.
 */
export function adjustedRandIndex(a: readonly Label[], b: readonly Label[]): number {
  const { cells, rows, columns, n } = contingency(a, b);
  const together = cells.reduce((s, [count]) => s + pairs(count), 0);
  const rowPairs = rows.reduce((s, c) => s + pairs(c), 0);
  const columnPairs = columns.reduce((s, c) => s + pairs(c), 0);
  const expected = n < 2 ? 0 : (rowPairs * columnPairs) / pairs(n);
  const maximum = (rowPairs + columnPairs) / 2;
  return maximum === expected ? 1 : (together - expected) / (maximum - expected);
}
