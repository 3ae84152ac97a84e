import { seededRandom } from "@/lib/core/random";

/** Planted clusters: `k` random unit centres in `dim` dimensions, `perCluster` noisy rows around each. */
export function plantedClusters(
  k: number,
  perCluster: number,
  dim: number,
  noise: number,
  seed = 1,
): { vectors: Float32Array; labels: number[] } {
  const random = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
  const centres = Array.from({ length: k }, () => Array.from({ length: dim }, gauss));
  const vectors = new Float32Array(k * perCluster * dim);
  const labels: number[] = [];
  for (let i = 0; i < k * perCluster; i++) {
    const c = i % k;
    labels.push(c);
    for (let d = 0; d < dim; d++) vectors[i * dim + d] = centres[c][d] + noise * gauss();
  }
  return { vectors, labels };
}

/** Uniform background noise rows in the same space. */
export function uniformNoise(rows: number, dim: number, scale: number, seed = 9): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: rows * dim }, () => (random() * 2 - 1) * scale);
}
