/**
 * The data sets of the search benchmark: `real` (embeddings of real text by Cognate's warm-start
 * encoder, queries are held-out texts), `structured` (the generator, fitted to the real set's
 * spectrum), `random` (uniform unit vectors: the labelled worst case) and `low-rank`.
 */
import { exactSearch } from "@/lib/index/exact-search";
import { lowRankUnitVectors, randomUnitVectors } from "@/lib/index/random-unit-vectors";
import { recallAtK } from "@/lib/index/recall-at-k";
import { fitSpectrumDecay, structuredUnitVectors } from "@/lib/index/structured-unit-vectors";
import { VectorIndex } from "@/lib/index/vector-index";
import { embedRealTexts } from "@/bench/search-data/real-embeddings";
import { realTextsAndQueries } from "@/bench/search-data/real-texts";

export type DataKind = "real" | "structured" | "random" | "low-rank";
export const DATA_KINDS: readonly DataKind[] = ["real", "structured", "random", "low-rank"];

export interface BenchData {
  vectors: Float32Array;
  queries: Float32Array;
  /** What the vectors are, for the report. */
  label: string;
}

export interface BenchDataOptions {
  n: number;
  queries: number;
  dim: number;
  seed: number;
  /** low-rank only */
  latent: number;
  noise: number;
}

/** How many real texts there are to embed besides `queries` held-out sentences. */
export function realTextCount(queries: number): number {
  return realTextsAndQueries(Number.MAX_SAFE_INTEGER, queries).texts.length;
}

/** Real embeddings: `n` texts as data, `queries` held-out sentences as queries. */
export function realData(n: number, queries: number, dim: number): BenchData {
  const split = realTextsAndQueries(n, queries);
  if (split.texts.length < n) {
    throw new Error(
      `only ${split.texts.length} real texts are at hand besides ${queries} queries (${n} asked); use --data structured beyond that`,
    );
  }
  const all = embedRealTexts([...split.texts, ...split.queries], dim);
  return {
    vectors: all.subarray(0, n * dim),
    queries: all.subarray(n * dim),
    label: `real: STS-B en/zh and sample-corpus sentences and windows, embedded by Cognate's warm-start encoder (PPMI+SVD, IDF mean); queries are held-out sentences that no stored text contains`,
  };
}

/** The data set of `kind`; `structured` takes its spectrum decay from the real set (`decay`). */
export function benchData(kind: DataKind, options: BenchDataOptions, decay = 0.6, spread = 0.5): BenchData {
  const { n, queries, dim, seed } = options;
  if (kind === "real") return realData(n, queries, dim);
  if (kind === "structured") {
    const clusters = Math.round(Math.sqrt(n));
    return {
      vectors: structuredUnitVectors(n, dim, { seed, decay, spread, clusters }),
      queries: structuredUnitVectors(queries, dim, { seed: seed + 1, decay, spread, clusters }),
      label: `structured generator: ${clusters} clusters, spectrum decay ${decay.toFixed(2)} (fitted to the real set), within-cluster share ${spread}`,
    };
  }
  if (kind === "random")
    return {
      vectors: randomUnitVectors(n, dim, seed),
      queries: randomUnitVectors(queries, dim, seed + 1),
      label: "uniformly random unit vectors: the WORST CASE for a graph index, unlike any embedding",
    };
  const lowRank = (count: number, s: number) =>
    lowRankUnitVectors(count, dim, {
      latentDim: options.latent,
      noise: options.noise,
      seed: s,
      basisSeed: seed + 1000,
    });
  return {
    vectors: lowRank(n, seed),
    queries: lowRank(queries, seed + 1),
    label: `low-rank (latent ${options.latent}, noise ${options.noise})`,
  };
}

/** Recall@k of the graph at each ef on one data set (ground truth by exact search). */
export function recallCurve(
  data: BenchData,
  dim: number,
  efs: number[],
  params: { M: number; efConstruction: number; k: number },
): { recall: number[]; buildS: number } {
  const n = data.vectors.length / dim;
  const q = data.queries.length / dim;
  const ids = Array.from({ length: n }, (_, i) => i);
  const started = performance.now();
  const index = VectorIndex.create({ dim, maxElements: n, M: params.M, efConstruction: params.efConstruction });
  index.add(ids, data.vectors);
  const buildS = (performance.now() - started) / 1000;
  const query = (i: number) => data.queries.subarray(i * dim, (i + 1) * dim);
  const truth = Array.from({ length: q }, (_, i) => exactSearch(data.vectors, ids, query(i), params.k));
  const recall = efs.map((ef) =>
    recallAtK(
      Array.from({ length: q }, (_, i) => index.search(query(i), params.k, { ef, exact: false })),
      truth,
      params.k,
    ),
  );
  return { recall, buildS };
}

/** The spectrum decay of the real set of `n` vectors, for the generator. */
export function realDecay(real: BenchData, dim: number): number {
  return fitSpectrumDecay(real.vectors, dim);
}
