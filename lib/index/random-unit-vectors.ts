/**
 * Seeded random unit vectors (pure). Uniform directions in high dimension are the hard case
 * for HNSW (no cluster structure to exploit), so tests and the benchmark use them to size
 * the index parameters.
 */

import { seededRandom } from "@/lib/core/random";

export { seededRandom };

/**
 * `n` vectors drawn uniformly from the unit sphere in `dim` dimensions
 * (normalised Gaussians), shape `[n, dim]` row-major.
 */
export function randomUnitVectors(n: number, dim: number, seed = 1): Float32Array {
  const rand = seededRandom(seed);
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const off = i * dim;
    let sum = 0;
    for (let j = 0; j < dim; j += 2) {
      // Box-Muller gives two independent Gaussians per pair of uniforms.
      const r = Math.sqrt(-2 * Math.log(1 - rand()));
      const theta = 2 * Math.PI * rand();
      out[off + j] = r * Math.cos(theta);
      if (j + 1 < dim) out[off + j + 1] = r * Math.sin(theta);
    }
    for (let j = 0; j < dim; j++) sum += out[off + j] * out[off + j];
    const norm = Math.sqrt(sum);
    for (let j = 0; j < dim; j++) out[off + j] /= norm;
  }
  return out;
}

/**
 * `n` unit vectors with low intrinsic dimension, shape `[n, dim]`: Gaussian points in a
 * `latentDim`-dimensional subspace (a fixed random basis drawn from `basisSeed`) plus
 * isotropic noise whose norm is `noise` times the signal's (on average), normalised. Closer to sentence embeddings than uniform directions; draw data and queries
 * with the same `basisSeed` and different `seed`s.
 */
export function lowRankUnitVectors(
  n: number,
  dim: number,
  options: { latentDim: number; noise: number; seed: number; basisSeed: number },
): Float32Array {
  const { latentDim, noise, seed, basisSeed } = options;
  const basis = randomUnitVectors(latentDim, dim, basisSeed);
  const latent = gaussians(n * latentDim, seed);
  const jitter = gaussians(n * dim, seed + 0x9e3779b9);
  const out = new Float32Array(n * dim);
  // The signal's squared norm is about latentDim, the noise's about dim · sigma².
  const sigma = noise * Math.sqrt(latentDim / dim);
  for (let i = 0; i < n; i++) {
    const off = i * dim;
    for (let l = 0; l < latentDim; l++) {
      const z = latent[i * latentDim + l];
      for (let j = 0; j < dim; j++) out[off + j] += z * basis[l * dim + j];
    }
    let sum = 0;
    for (let j = 0; j < dim; j++) {
      out[off + j] += sigma * jitter[off + j];
      sum += out[off + j] * out[off + j];
    }
    const norm = Math.sqrt(sum);
    for (let j = 0; j < dim; j++) out[off + j] /= norm;
  }
  return out;
}

function gaussians(count: number, seed: number): Float32Array {
  const rand = seededRandom(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - rand()));
    const theta = 2 * Math.PI * rand();
    out[i] = r * Math.cos(theta);
    if (i + 1 < count) out[i + 1] = r * Math.sin(theta);
  }
  return out;
}
