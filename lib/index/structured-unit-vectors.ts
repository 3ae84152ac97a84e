/**
 * Seeded unit vectors with the structure of sentence embeddings (pure), for benchmarks at sizes
 * no real corpus at hand reaches: topics (points gathered around cluster centres) and a decaying
 * spectrum (variance of dimension j ∝ (j + 1)^−decay, so most of the spread lies in a few
 * directions, as in PCA of real embeddings). `bench/search.ts` checks that its recall-versus-ef
 * curve follows that of real embeddings of the same size before trusting it at 1,000,000.
 */
import { seededRandom } from "@/lib/core/random";

/** Options of {@link structuredUnitVectors}. */
export interface StructuredVectorOptions {
  /** Cluster centres ("topics"); default √n. */
  clusters?: number;
  /** Exponent of the spectrum's decay (variance ∝ (j + 1)^−decay); default 1. */
  decay?: number;
  /** Share of each point's variance that lies around its centre rather than between centres, 0–1; default 0.5. */
  spread?: number;
  /** Draws the points; data and queries use different seeds and the same `centreSeed`. */
  seed: number;
  /** Draws the centres; default 12345. */
  centreSeed?: number;
}

/** `n` unit vectors `[n, dim]` row-major: centre + within-cluster noise, both shaped by the spectrum, normalised. */
export function structuredUnitVectors(n: number, dim: number, options: StructuredVectorOptions): Float32Array {
  const {
    clusters = Math.max(1, Math.round(Math.sqrt(n))),
    decay = 1,
    spread = 0.5,
    seed,
    centreSeed = 12345,
  } = options;
  const sigma = Float64Array.from({ length: dim }, (_, j) => (j + 1) ** (-decay / 2));
  const centreRandom = seededRandom(centreSeed);
  const centres = new Float32Array(clusters * dim);
  const between = Math.sqrt(1 - spread);
  for (let c = 0; c < clusters; c++)
    for (let j = 0; j < dim; j++) centres[c * dim + j] = between * sigma[j] * gaussian(centreRandom);
  const random = seededRandom(seed);
  const within = Math.sqrt(spread);
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(random() * clusters);
    const off = i * dim;
    let sum = 0;
    for (let j = 0; j < dim; j++) {
      const x = centres[c * dim + j] + within * sigma[j] * gaussian(random);
      out[off + j] = x;
      sum += x * x;
    }
    const norm = Math.sqrt(sum) || 1;
    for (let j = 0; j < dim; j++) out[off + j] /= norm;
  }
  return out;
}

/**
 * The exponent `decay` that best fits the spectrum of `vectors` (`[n, dim]`): the least-squares
 * slope of log variance against log rank over the per-dimension variances sorted descending.
 * Real vectors need not be axis-aligned, but the warm-start encoder's are (SVD basis); for
 * others this is a rough guide.
 */
export function fitSpectrumDecay(vectors: Float32Array, dim: number): number {
  const n = vectors.length / dim;
  const mean = new Float64Array(dim);
  const sq = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) {
      const x = vectors[i * dim + j];
      mean[j] += x;
      sq[j] += x * x;
    }
  }
  const variances = Array.from({ length: dim }, (_, j) => sq[j] / n - (mean[j] / n) ** 2).sort((a, b) => b - a);
  const xs = variances.map((_, j) => Math.log(j + 1));
  const ys = variances.map((v) => Math.log(Math.max(v, 1e-12)));
  const mx = xs.reduce((a, b) => a + b, 0) / dim;
  const my = ys.reduce((a, b) => a + b, 0) / dim;
  let num = 0;
  let den = 0;
  for (let j = 0; j < dim; j++) {
    num += (xs[j] - mx) * (ys[j] - my);
    den += (xs[j] - mx) ** 2;
  }
  return den ? -num / den : 0;
}

/** A standard normal draw (Box–Muller, one of the pair). */
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
