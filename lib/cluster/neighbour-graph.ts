import hnswlib from "hnswlib-node";

/** Each row's nearest rows, as UMAP takes them: the row itself first (distance 0), then the others. */
export interface NeighbourGraph {
  /** `[rows][k]` positions among the rows given. */
  indices: number[][];
  /** `[rows][k]` Euclidean distances. */
  distances: number[][];
}

/**
 * The `k` nearest rows (the row itself included) of every row of `[rows, dim]` `vectors`, by
 * Euclidean distance, found with a native HNSW graph. umap-js finds them with NN-descent in
 * JavaScript, which took most of a 10,000-row map's time and most of a 50,000-row map's memory.
 * Approximate like NN-descent; the candidate list (ef) is several times k.
 */
export function neighbourGraph(vectors: Float32Array, dim: number, k: number, seed: number): NeighbourGraph {
  const rows = vectors.length / dim;
  const index = new hnswlib.HierarchicalNSW("l2", dim);
  index.initIndex({ maxElements: Math.max(rows, 1), m: 16, efConstruction: 100, randomSeed: seed });
  const row = (r: number) => Array.from(vectors.subarray(r * dim, (r + 1) * dim));
  for (let r = 0; r < rows; r++) index.addPoint(row(r), r);
  index.setEf(Math.max(4 * k, 64));
  const indices: number[][] = [];
  const distances: number[][] = [];
  const want = Math.min(k, rows);
  for (let r = 0; r < rows; r++) {
    const found = index.searchKnn(row(r), want);
    // hnswlib's "l2" space answers squared distances; duplicates of a row may come before it.
    const others = found.neighbors
      .map((id, i) => ({ id, d: Math.sqrt(found.distances[i]) }))
      .filter((n) => n.id !== r)
      .slice(0, want - 1);
    indices.push([r, ...others.map((n) => n.id)]);
    distances.push([0, ...others.map((n) => n.d)]);
  }
  return { indices, distances };
}
