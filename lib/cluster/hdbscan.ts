/**
 * HDBSCAN (Campello, Moulavi & Sander 2013), exact, for up to a few thousand rows: core
 * distances, the minimum spanning tree of mutual reachability, the single-linkage hierarchy,
 * its condensed tree at `minClusterSize`, and the clusters of greatest stability (excess of mass).
 * Rows that belong to no stable cluster are outliers (−1). Memory and time are quadratic in
 * the rows: {@link densityClustering} runs it on a sample of a large corpus.
 */
import { distanceMatrix } from "@/lib/core/silhouette";

/** Options of {@link hdbscan}. */
export interface HdbscanOptions {
  /** Smallest group of rows that counts as a cluster (≥ 2). */
  minClusterSize: number;
  /** Neighbours that make a row a core row (smoothing of the density); default minClusterSize. */
  minSamples?: number;
  /** Let the whole data set be one cluster when nothing splits it stably. Default false. */
  allowSingleCluster?: boolean;
}

/** What {@link hdbscan} found. */
export interface HdbscanResult {
  /** `[rows]` cluster of each row in 0 … clusterCount − 1, or −1 for an outlier. */
  labels: Int32Array;
  clusterCount: number;
}

/** The single-linkage hierarchy: merge m joins `left[m]` and `right[m]` at `height[m]`; node n + m is the merge. */
interface Hierarchy {
  left: Int32Array;
  right: Int32Array;
  height: Float64Array;
  /** `[2n − 1]` leaves under each node. */
  size: Int32Array;
}

/** The condensed tree: cluster 0 is the root; each point falls out of `pointParent` at `pointLambda`. */
interface Condensed {
  parent: number[];
  birth: number[];
  size: number[];
  pointParent: Int32Array;
  pointLambda: Float64Array;
}

/** Distance to the `minSamples`-th nearest row, the row itself counted first (as the hdbscan library). */
function coreDistances(d: Float32Array, n: number, minSamples: number): Float64Array {
  const core = new Float64Array(n);
  const kth = Math.min(minSamples, n) - 1;
  for (let i = 0; i < n; i++) core[i] = d.slice(i * n, (i + 1) * n).sort()[kth];
  return core;
}

/** Prim's algorithm on the dense mutual-reachability graph: n − 1 edges [a, b, weight], sorted by weight. */
function mutualReachabilityTree(d: Float32Array, n: number, core: Float64Array): [number, number, number][] {
  const inTree = new Uint8Array(n);
  const best = new Float64Array(n).fill(Infinity);
  const from = new Int32Array(n);
  const edges: [number, number, number][] = [];
  let current = 0;
  for (let step = 0; step < n - 1; step++) {
    inTree[current] = 1;
    let next = -1;
    for (let j = 0; j < n; j++) {
      if (inTree[j]) continue;
      const w = Math.max(core[current], core[j], d[current * n + j]);
      if (w < best[j]) [best[j], from[j]] = [w, current];
      if (next < 0 || best[j] < best[next]) next = j;
    }
    edges.push([from[next], next, best[next]]);
    current = next;
  }
  return edges.sort((a, b) => a[2] - b[2]);
}

function singleLinkage(edges: [number, number, number][], n: number): Hierarchy {
  const parent = Int32Array.from({ length: 2 * n - 1 }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  const h: Hierarchy = {
    left: new Int32Array(n - 1),
    right: new Int32Array(n - 1),
    height: new Float64Array(n - 1),
    size: new Int32Array(2 * n - 1).fill(1),
  };
  edges.forEach(([a, b, w], m) => {
    const [ra, rb] = [find(a), find(b)];
    const node = n + m;
    [h.left[m], h.right[m], h.height[m]] = [ra, rb, w];
    h.size[node] = h.size[ra] + h.size[rb];
    parent[ra] = parent[rb] = node;
  });
  return h;
}

function leavesUnder(h: Hierarchy, node: number, n: number): number[] {
  const out: number[] = [];
  const stack = [node];
  while (stack.length) {
    const x = stack.pop()!;
    if (x < n) out.push(x);
    else stack.push(h.left[x - n], h.right[x - n]);
  }
  return out;
}

/** Walks the hierarchy from the root, keeping only splits into two parts of at least minClusterSize. */
function condense(h: Hierarchy, n: number, minClusterSize: number): Condensed {
  const c: Condensed = {
    parent: [-1],
    birth: [0],
    size: [n],
    pointParent: new Int32Array(n),
    pointLambda: new Float64Array(n),
  };
  const fallOut = (node: number, cluster: number, lambda: number) => {
    for (const p of leavesUnder(h, node, n)) [c.pointParent[p], c.pointLambda[p]] = [cluster, lambda];
  };
  const stack: [number, number][] = [[2 * n - 2, 0]];
  while (stack.length) {
    const [node, cluster] = stack.pop()!;
    if (node < n) {
      fallOut(node, cluster, c.birth[cluster]);
      continue;
    }
    const m = node - n;
    // Duplicate rows merge at distance 0: cap λ so stabilities stay finite.
    const lambda = 1 / Math.max(h.height[m], 1e-12);
    const [l, r] = [h.left[m], h.right[m]];
    const [bigL, bigR] = [h.size[l] >= minClusterSize, h.size[r] >= minClusterSize];
    if (bigL && bigR) {
      for (const child of [l, r]) {
        c.parent.push(cluster);
        c.birth.push(lambda);
        c.size.push(h.size[child]);
        stack.push([child, c.parent.length - 1]);
      }
    } else if (bigL || bigR) {
      fallOut(bigL ? r : l, cluster, lambda);
      stack.push([bigL ? l : r, cluster]);
    } else {
      fallOut(node, cluster, lambda);
    }
  }
  return c;
}

/** Excess-of-mass selection: a cluster is kept unless its descendants together are more stable. */
function selectClusters(c: Condensed, n: number, allowSingleCluster: boolean): boolean[] {
  const count = c.parent.length;
  const stability = new Float64Array(count);
  for (let p = 0; p < n; p++) stability[c.pointParent[p]] += c.pointLambda[p] - c.birth[c.pointParent[p]];
  for (let k = 1; k < count; k++) stability[c.parent[k]] += (c.birth[k] - c.birth[c.parent[k]]) * c.size[k];
  const selected = new Array<boolean>(count).fill(false);
  const childSum = new Float64Array(count);
  const children: number[][] = Array.from({ length: count }, () => []);
  for (let k = 1; k < count; k++) children[c.parent[k]].push(k);
  const deselectBelow = (k: number) => {
    const stack = [...children[k]];
    while (stack.length) {
      const x = stack.pop()!;
      selected[x] = false;
      stack.push(...children[x]);
    }
  };
  // Children always have larger ids than their parent, so a reverse sweep sees them first.
  for (let k = count - 1; k >= 1; k--) {
    if (childSum[k] > stability[k]) stability[k] = childSum[k];
    else {
      selected[k] = true;
      deselectBelow(k);
    }
    childSum[c.parent[k]] += stability[k];
  }
  // The root is a cluster only when asked for and nothing below it is more stable.
  if (allowSingleCluster && (count === 1 || stability[0] >= childSum[0])) {
    selected[0] = true;
    deselectBelow(0);
  }
  return selected;
}

/**
 * Density clusters of `[rows, dim]` vectors (Euclidean; pass unit vectors for cosine geometry).
 * @throws when minClusterSize < 2
 */
export function hdbscan(vectors: ArrayLike<number>, dim: number, options: HdbscanOptions): HdbscanResult {
  const { minClusterSize, allowSingleCluster = false } = options;
  if (!(Number.isInteger(minClusterSize) && minClusterSize >= 2))
    throw new Error(`HDBSCAN: minClusterSize must be an integer ≥ 2, got ${minClusterSize}`);
  const n = vectors.length / dim;
  const labels = new Int32Array(n).fill(-1);
  if (n < minClusterSize || n < 2) return { labels, clusterCount: 0 };
  const d = distanceMatrix(vectors, dim);
  const core = coreDistances(d, n, options.minSamples ?? minClusterSize);
  const condensed = condense(singleLinkage(mutualReachabilityTree(d, n, core), n), n, minClusterSize);
  const selected = selectClusters(condensed, n, allowSingleCluster);
  const finalId = new Map<number, number>();
  selected.forEach((s, k) => s && finalId.set(k, finalId.size));
  for (let p = 0; p < n; p++) {
    for (let k = condensed.pointParent[p]; k >= 0; k = condensed.parent[k]) {
      if (selected[k]) {
        labels[p] = finalId.get(k)!;
        break;
      }
    }
  }
  return { labels, clusterCount: finalId.size };
}
