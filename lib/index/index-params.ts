import { z } from "zod";

/**
 * HNSW parameters of one index, stored in its manifest so a loaded index is searched the way
 * it was built.
 */
export const indexParamsSchema = z.object({
  /**
   * hnswlib space. `cosine` is hnswlib's inner product after normalising every vector it is
   * given; vectors are normalised here too, so both spaces rank identically, but `cosine`
   * stays correct if an un-normalised vector ever reaches the native index. The space is not
   * recorded in the index file itself, which is why the manifest carries it.
   */
  space: z.enum(["cosine", "ip"]),
  /** Graph out-degree: higher = better recall on hard data, more memory and slower builds. */
  M: z.number().int().min(2).max(256),
  /** Candidate list size while inserting: higher = better graph, slower builds. */
  efConstruction: z.number().int().min(1),
  /** Default candidate list size while searching (raised to k when k is larger). */
  ef: z.number().int().min(1),
  /** Seed of hnswlib's level generator, so builds are reproducible. */
  seed: z.number().int().min(0),
  /**
   * How searches run by default: `hnsw` walks the graph at `ef`; `exact` compares the query
   * with every vector (hnswlib's SIMD brute force), recall 1. `tuneSearch` picks `exact` when
   * the graph cannot reach the target recall or is slower there, as on small corpora and on
   * data with no structure. The scan keeps a second copy of the vectors in memory (n · dim · 4
   * bytes). Manifests written before this field existed mean `hnsw`.
   */
  mode: z.enum(["hnsw", "exact"]).default("hnsw"),
});

export type IndexParams = z.infer<typeof indexParamsSchema>;

/**
 * Defaults sized on the hard case, 100k uniformly random unit vectors of dimension 384
 * (see `bench/search.ts`). Real sentence embeddings have far lower intrinsic dimension and
 * reach the same recall at a much smaller ef, so a caller that knows its data can lower `ef`
 * per query.
 */
export const DEFAULT_INDEX_PARAMS: Readonly<IndexParams> = Object.freeze({
  space: "cosine",
  M: 16,
  efConstruction: 200,
  ef: 128,
  seed: 100,
  mode: "hnsw",
});
