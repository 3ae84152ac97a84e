/**
 * The 2-D map of a corpus: UMAP (umap-js, seeded, on a neighbour graph found with native HNSW)
 * on up to `maxFitRows` rows; beyond that the other rows are placed at the distance-weighted mean
 * of their nearest fitted rows of the same cluster (UMAP's own transform is far too slow in JavaScript for tens of thousands of rows).
 * Coordinates are scaled into [−1, 1], the clip space the WebGL scatterplot draws in.
 */
import { UMAP } from "umap-js";
import { gaussian, seededRandom } from "@/lib/core/random";
import { neighbourGraph } from "@/lib/cluster/neighbour-graph";
import { gatherRows } from "@/lib/cluster/row-math";
import { rowDistance2 } from "@/lib/core/vector-math";
import { sampleIndices } from "@/lib/core/random";

/** Options of {@link project2d}. */
export interface ProjectionOptions {
  seed?: number;
  /** Rows UMAP is fitted on; the rest are placed. Default 50,000. */
  maxFitRows?: number;
  /** UMAP neighbours. Default 15. */
  nNeighbors?: number;
  /** UMAP epochs; default 400 up to 5,000 fitted rows, else 200 (each epoch costs a pass over the neighbour graph). */
  nEpochs?: number;
  /** `[rows]` groups (clusters) to look for neighbours in when placing rows; −1 is a group too. */
  groups?: ArrayLike<number>;
  /** Called per epoch and per placed block; may throw to stop (a cancelled job). */
  onProgress?: (fraction: number, message: string) => void;
}

/** Neighbours that place a row that UMAP did not fit. */
const PLACE_NEIGHBOURS = 8;
/** Dimensions of the random projection used to find those neighbours quickly. */
const SKETCH_DIM = 48;

/**
 * 2-D coordinates of `[rows, dim]` vectors, reproducible for a seed.
 * @returns `[rows, 2]` row-major, in [−1, 1]
 */
export function project2d(vectors: Float32Array, dim: number, options: ProjectionOptions = {}): Float32Array {
  const { seed = 0, maxFitRows = 50_000, onProgress } = options;
  const rows = vectors.length / dim;
  const out = new Float32Array(rows * 2);
  if (rows < 5) return circle(rows);
  const fit = sampleIndices(rows, maxFitRows, seed);
  const fitVectors = gatherRows(vectors, dim, fit);
  onProgress?.(0, `finding neighbours of ${fit.length} passages`);
  const fitted = umapEmbedding(
    fitVectors,
    dim,
    { components: 2, minDist: 0.1, nNeighbors: options.nNeighbors, nEpochs: options.nEpochs, seed },
    (e, epochs) => onProgress?.((0.8 * e) / epochs, `laying out the map: epoch ${e} of ${epochs}`),
  );
  fit.forEach((r, i) => out.set(fitted.subarray(i * 2, (i + 1) * 2), r * 2));
  if (fit.length < rows) placeRest(vectors, dim, fit, out, options.groups, seed, onProgress);
  return scaleToClipSpace(out);
}

/**
 * UMAP of `[rows, dim]` vectors (at least 5 rows) to `components` dimensions, on a neighbour
 * graph found with native HNSW; seeded, so the same rows give the same embedding.
 * @returns `[rows, components]` row-major
 */
export function umapEmbedding(
  vectors: Float32Array,
  dim: number,
  options: { components: number; minDist: number; nNeighbors?: number; nEpochs?: number; seed: number },
  onEpoch?: (epoch: number, epochs: number) => void,
): Float32Array {
  const rows = vectors.length / dim;
  const nNeighbors = Math.min(options.nNeighbors ?? 15, rows - 1);
  const umap = new UMAP({
    nComponents: options.components,
    nNeighbors,
    minDist: options.minDist,
    nEpochs: options.nEpochs ?? (rows <= 5000 ? 400 : 200),
    random: seededRandom(options.seed + 17),
  });
  const { indices, distances } = neighbourGraph(vectors, dim, nNeighbors, options.seed);
  umap.setPrecomputedKNN(indices, distances);
  const epochs = umap.initializeFit(
    Array.from({ length: rows }, (_, i) => Array.from(vectors.subarray(i * dim, (i + 1) * dim))),
  );
  for (let e = 0; e < epochs; e++) {
    umap.step();
    if (e % 10 === 0) onEpoch?.(e, epochs);
  }
  return Float32Array.from(umap.getEmbedding().flat());
}

/** Places the rows outside `fit` from their nearest fitted rows (in a random sketch of the vectors). */
function placeRest(
  vectors: Float32Array,
  dim: number,
  fit: Int32Array,
  out: Float32Array,
  groups: ArrayLike<number> | undefined,
  seed: number,
  onProgress?: ProjectionOptions["onProgress"],
) {
  const rows = vectors.length / dim;
  const sketchDim = Math.min(SKETCH_DIM, dim);
  const sketch = dim > SKETCH_DIM ? randomSketch(vectors, dim, sketchDim, seed) : vectors;
  const fitSketch = gatherRows(sketch, sketchDim, fit);
  const byGroup = new Map<number, number[]>();
  fit.forEach((r, i) => {
    const g = groups ? groups[r] : 0;
    if (!byGroup.has(g)) byGroup.set(g, []);
    byGroup.get(g)!.push(i);
  });
  const all = Array.from(fit, (_, i) => i);
  const inFit = new Uint8Array(rows);
  for (const r of fit) inFit[r] = 1;
  const best: { i: number; d: number }[] = [];
  for (let r = 0; r < rows; r++) {
    if (inFit[r]) continue;
    if (r % 2000 === 0) onProgress?.(0.8 + (0.2 * r) / rows, `placing passages on the map: ${r} of ${rows}`);
    const candidates = byGroup.get(groups ? groups[r] : 0) ?? all;
    best.length = 0;
    for (const i of candidates) {
      const d = rowDistance2(sketch, r, fitSketch, i, sketchDim);
      if (best.length === PLACE_NEIGHBOURS && d >= best[PLACE_NEIGHBOURS - 1].d) continue;
      let at = best.length;
      while (at > 0 && best[at - 1].d > d) at--;
      best.splice(at, 0, { i, d });
      if (best.length > PLACE_NEIGHBOURS) best.pop();
    }
    let [x, y, w] = [0, 0, 0];
    for (const { i, d } of best) {
      const weight = 1 / (Math.sqrt(d) + 1e-6);
      x += out[fit[i] * 2] * weight;
      y += out[fit[i] * 2 + 1] * weight;
      w += weight;
    }
    out[r * 2] = x / w;
    out[r * 2 + 1] = y / w;
  }
}

/** `[rows, sketchDim]`: the vectors times a seeded Gaussian matrix (Johnson–Lindenstrauss). */
function randomSketch(vectors: Float32Array, dim: number, sketchDim: number, seed: number): Float32Array {
  const random = seededRandom(seed + 31);
  const matrix = Float32Array.from({ length: dim * sketchDim }, () => gaussian(random));
  const rows = vectors.length / dim;
  const out = new Float32Array(rows * sketchDim);
  for (let r = 0; r < rows; r++) {
    for (let d = 0; d < dim; d++) {
      const v = vectors[r * dim + d];
      if (v === 0) continue;
      const base = d * sketchDim;
      for (let s = 0; s < sketchDim; s++) out[r * sketchDim + s] += v * matrix[base + s];
    }
  }
  return out;
}

/** Scales `[rows, 2]` coordinates uniformly (keeping the aspect) into [−0.95, 0.95], centred. */
export function scaleToClipSpace(xy: Float32Array): Float32Array {
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < xy.length; i += 2) {
    minX = Math.min(minX, xy[i]);
    maxX = Math.max(maxX, xy[i]);
    minY = Math.min(minY, xy[i + 1]);
    maxY = Math.max(maxY, xy[i + 1]);
  }
  const span = Math.max(maxX - minX, maxY - minY) || 1;
  const [cx, cy] = [(minX + maxX) / 2, (minY + maxY) / 2];
  const scale = 1.9 / span;
  return xy.map((v, i) => (i % 2 === 0 ? (v - cx) * scale : (v - cy) * scale));
}

/** A few rows on a circle: UMAP needs more neighbours than that. */
function circle(rows: number): Float32Array {
  const out = new Float32Array(rows * 2);
  for (let i = 0; i < rows; i++)
    [out[i * 2], out[i * 2 + 1]] =
      rows === 1 ? [0, 0] : [0.8 * Math.cos((2 * Math.PI * i) / rows), 0.8 * Math.sin((2 * Math.PI * i) / rows)];
  return out;
}
