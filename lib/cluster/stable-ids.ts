/**
 * Keeps cluster ids stable across re-runs and model versions: the clusters of a new run are
 * matched to those of the previous run by member overlap, and a matched cluster inherits the
 * old id (and with it the name an admin gave it). Unmatched clusters get fresh ids.
 */

/** Options of {@link matchClusterIds}. */
export interface MatchOptions {
  /** Smallest Jaccard overlap of members for two clusters to count as the same. Default 0.2. */
  minJaccard?: number;
  /** First id a new cluster may take (above every id used before). Default 1. */
  nextId?: number;
}

/**
 * Stable ids for the clusters of a new run.
 * @param previous passage id → stable cluster id of the previous run (outliers, −1, are ignored)
 * @param passageIds `[rows]` passages of the new run
 * @param labels `[rows]` their clusters, 0 … k − 1 or −1
 * @param k clusters of the new run
 * @returns `[k]` stable id of each new cluster (distinct, ≥ 1)
 */
export function matchClusterIds(
  previous: ReadonlyMap<number, number>,
  passageIds: ArrayLike<number>,
  labels: ArrayLike<number>,
  k: number,
  options: MatchOptions = {},
): Int32Array {
  const { minJaccard = 0.2 } = options;
  const newSizes = new Int32Array(k);
  const oldSizes = new Map<number, number>();
  for (const id of previous.values()) if (id >= 0) oldSizes.set(id, (oldSizes.get(id) ?? 0) + 1);
  const overlap = new Map<string, number>();
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (c < 0) continue;
    newSizes[c]++;
    const old = previous.get(passageIds[i]);
    if (old === undefined || old < 0) continue;
    const key = `${c}:${old}`;
    overlap.set(key, (overlap.get(key) ?? 0) + 1);
  }
  const pairs = [...overlap].map(([key, shared]) => {
    const [c, old] = key.split(":").map(Number);
    return { c, old, jaccard: shared / (newSizes[c] + oldSizes.get(old)! - shared) };
  });
  // Best overlaps first, so that each old cluster goes to the new cluster most like it.
  pairs.sort((a, b) => b.jaccard - a.jaccard || a.c - b.c || a.old - b.old);
  const ids = new Int32Array(k).fill(-1);
  const taken = new Set<number>();
  for (const { c, old, jaccard } of pairs) {
    if (jaccard < minJaccard) break;
    if (ids[c] >= 0 || taken.has(old)) continue;
    ids[c] = old;
    taken.add(old);
  }
  let next = Math.max(options.nextId ?? 1, ...[...oldSizes.keys()].map((id) => id + 1), 1);
  for (let c = 0; c < k; c++) if (ids[c] < 0) ids[c] = next++;
  return ids;
}
