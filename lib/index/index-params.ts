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
   * with every vector (hnswlib's SIMD brute force), recall 1. `int8` and `binary` scan quantised
   * copies of the vectors (dim bytes, or dim/8 bytes, per vector; see `QuantizedVectors`) and
   * rescore the best `candidates` exactly with the graph's float vectors. `tuneSearch` picks the
   * fastest mode that reaches the target recall on this data: the graph on data with structure,
   * a scan on small corpora and on data with none. The exact scan keeps a second float copy of
   * the vectors in memory (n · dim · 4 bytes), `int8` a quarter of that. The quantised codes are
   * made from the index file's vectors when it loads, so the file format is the same in every
   * mode. Manifests written before this field existed mean `hnsw`.
   */
  mode: z.enum(["hnsw", "exact", "int8", "binary"]).default("hnsw"),
  /**
   * Candidates a quantised scan rescores exactly (modes `int8` and `binary`; raised to k when k
   * is larger): more = better recall, slower. Manifests without it get the default.
   */
  candidates: z.number().int().min(1).default(64),
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
  candidates: 64,
});
