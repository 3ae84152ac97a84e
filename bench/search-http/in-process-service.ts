import path from "node:path";
import { openSqlite } from "@/lib/db/client";
import { createSearchService } from "@/lib/search/search-service";
import { EmbedderPool } from "@/lib/search/embedder-pool";

/**
 * Latency of the search service that the route handler calls, in this process and without
 * HTTP: what separates the in-process index search from the HTTP figure is this (index cache,
 * database look-ups, hydrating passages) plus the web framework. Each query as the route passes
 * it after validation (`vector` a plain number array); `queries` is `[count, dim]`.
 */
export async function timeSearchService(
  dataDir: string,
  corpusId: number,
  queries: Float32Array,
  dim: number,
  k: number,
): Promise<number[]> {
  // The SQLite file that prepareServingDataDir filled (serving-data-dir.ts).
  const db = openSqlite(path.join(dataDir, "cognate.db"));
  const embedders = new EmbedderPool();
  try {
    const service = createSearchService(db, { indexDir: path.join(dataDir, "indexes"), embedders });
    const vectors = Array.from({ length: queries.length / dim }, (_, q) =>
      Array.from(queries.subarray(q * dim, (q + 1) * dim)),
    );
    const search = (vector: number[]) => service.search({ mode: "dense", corpusId, k, query: "", offset: 0, vector });
    const first = await search(vectors[0]); // loads the index
    if (first.mode !== "dense" || first.results.length !== k)
      throw new Error(
        `the search service did not answer with ${k} dense results: ${JSON.stringify(first).slice(0, 300)}`,
      );
    const latenciesMs: number[] = [];
    for (const vector of vectors) {
      const started = performance.now();
      await search(vector);
      latenciesMs.push(performance.now() - started);
    }
    return latenciesMs;
  } finally {
    await embedders.dispose();
    db.$client.close();
  }
}
