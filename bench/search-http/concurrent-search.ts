import { indexFolder, type IndexKey } from "@/lib/index/index-manifest";
import { loadIndex } from "@/lib/index/index-store";
import type { ScoredId } from "@/lib/index/scored-id";
import type { SearchThreadChoice, SearchThreadPolicy } from "@/lib/index/vector-index";
import { percentile } from "@/bench/search-http/table";

/** What {@link concurrentSearches} measured for one search-thread policy. */
export interface ConcurrentRun {
  policy: SearchThreadPolicy;
  choice: SearchThreadChoice;
  clients: number;
  qps: number;
  p50: number;
  p99: number;
  /** The longest gap between two turns of the event loop while the clients ran, ms: what every other request waited at worst. */
  maxLoopGapMs: number;
  /** Queries per message to the search thread (1 without one). */
  perBatch: number;
  /** Whether every answer equalled the in-process search's (same index file, same ef). */
  same: boolean;
}

/**
 * The served index (`loadIndex` of the saved folder, as the web server's cache loads it) searched
 * with `searchAsync` by `clients` closed-loop callers in this process, `rounds` passes over the
 * queries, once per policy: in-thread (`never`) against a search thread (`always`, batched).
 * No HTTP: what the thread and batching change, apart from the web server. Checks every answer
 * against `expected` (the in-process search of the same queries).
 */
export async function concurrentSearches(
  indexDir: string,
  key: IndexKey,
  queries: Float32Array,
  dim: number,
  k: number,
  expected: ScoredId[][],
  options: { clients: number; rounds: number; policies: SearchThreadPolicy[] },
): Promise<ConcurrentRun[]> {
  const runs: ConcurrentRun[] = [];
  const count = queries.length / dim;
  for (const policy of options.policies) {
    const { index } = await loadIndex(indexFolder(indexDir, key), { expect: key, searchThread: policy });
    try {
      const query = (i: number) => queries.subarray((i % count) * dim, ((i % count) + 1) * dim);
      for (let i = 0; i < Math.min(count, 50); i++) await index.searchAsync(query(i), k); // warm-up
      const before = index.searchThreadStats;
      const latencies: number[] = [];
      let same = true;
      let next = 0;
      const total = count * options.rounds;
      let maxLoopGapMs = 0;
      let last = performance.now();
      const ticker = setInterval(() => {
        const now = performance.now();
        maxLoopGapMs = Math.max(maxLoopGapMs, now - last);
        last = now;
      }, 1);
      const started = performance.now();
      const client = async () => {
        while (next < total) {
          const i = next++;
          const t = performance.now();
          const hits = await index.searchAsync(query(i), k);
          latencies.push(performance.now() - t);
          if (!sameIds(hits, expected[i % count])) same = false;
        }
      };
      await Promise.all(Array.from({ length: options.clients }, client));
      const ended = performance.now();
      // Searches that answer on the event loop may never let the ticker run: the run was one gap.
      maxLoopGapMs = Math.max(maxLoopGapMs, ended - last);
      const seconds = (ended - started) / 1000;
      clearInterval(ticker);
      const after = index.searchThreadStats;
      runs.push({
        policy,
        choice: { ...index.searchThreadChoice },
        clients: options.clients,
        qps: total / seconds,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        maxLoopGapMs,
        perBatch: after && before ? (after.queries - before.queries) / Math.max(1, after.batches - before.batches) : 1,
        same,
      });
    } finally {
      await index.releaseSearchThread();
    }
  }
  return runs;
}

/** Where `auto` puts this index's searches, measured in this process as the web server measures it at load. */
export async function autoChoice(indexDir: string, key: IndexKey): Promise<SearchThreadChoice> {
  const { index } = await loadIndex(indexFolder(indexDir, key), { expect: key, searchThread: "auto" });
  const choice = { ...index.searchThreadChoice };
  await index.releaseSearchThread();
  return choice;
}

function sameIds(a: ScoredId[], b: ScoredId[]): boolean {
  return a.length === b.length && a.every((hit, i) => hit.id === b[i].id);
}
