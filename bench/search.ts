/**
 * Dense search benchmark: HNSW (hnswlib-node through VectorIndex, in process) against exact
 * brute-force search, the baseline, run in the same process on the same data.
 *
 *   npx tsx bench/search.ts [--n 100000] [--queries 1000] [--dim 384] [--k 10]
 *                           [--M 16] [--ef-construction 200] [--ef 32,64,...] [--seed 1]
 *                           [--data random|low-rank] [--latent 32] [--noise 0.3]
 *
 * Data: `random` (default) is uniformly random unit vectors, the hard case for HNSW (no
 * structure to exploit). `low-rank` puts the points near a `--latent`-dimensional subspace,
 * plus noise, a stand-in for sentence embeddings, whose intrinsic dimension is low.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import hnswlib from "hnswlib-node";
import { DEFAULT_INDEX_PARAMS } from "@/lib/index/index-params";
import { indexFolder } from "@/lib/index/index-manifest";
import { exactSearch } from "@/lib/index/exact-search";
import { loadIndex, saveIndex } from "@/lib/index/index-store";
import { lowRankUnitVectors, randomUnitVectors } from "@/lib/index/random-unit-vectors";
import { recallAtK } from "@/lib/index/recall-at-k";
import type { ScoredId } from "@/lib/index/scored-id";
import { VectorIndex } from "@/lib/index/vector-index";

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "100000" },
    queries: { type: "string", default: "1000" },
    dim: { type: "string", default: "384" },
    k: { type: "string", default: "10" },
    M: { type: "string", default: String(DEFAULT_INDEX_PARAMS.M) },
    "ef-construction": { type: "string", default: String(DEFAULT_INDEX_PARAMS.efConstruction) },
    ef: { type: "string", default: "" },
    seed: { type: "string", default: "1" },
    data: { type: "string", default: "random" },
    latent: { type: "string", default: "32" },
    noise: { type: "string", default: "0.3" },
  },
});
const n = Number(values.n);
const queryCount = Number(values.queries);
const dim = Number(values.dim);
const k = Number(values.k);
const M = Number(values.M);
const efConstruction = Number(values["ef-construction"]);
const defaultEf = DEFAULT_INDEX_PARAMS.ef;
const efs = values.ef ? values.ef.split(",").map(Number) : [...new Set([32, 64, 128, 256, defaultEf, 512, 1024])].sort((a, b) => a - b);
const seed = Number(values.seed);
const data = values.data;
if (data !== "random" && data !== "low-rank") throw new Error(`--data must be random or low-rank, got ${data}`);

/** `count` vectors of the chosen kind; data and queries share the low-rank basis. */
function sample(count: number, sampleSeed: number): Float32Array {
  if (data === "random") return randomUnitVectors(count, dim, sampleSeed);
  return lowRankUnitVectors(count, dim, { latentDim: Number(values.latent), noise: Number(values.noise), seed: sampleSeed, basisSeed: seed + 1000 });
}

interface Timed {
  results: ScoredId[][];
  latenciesMs: number[];
  totalMs: number;
}

/** Runs `search` once per query, one at a time, timing each. */
function timeQueries(queries: Float32Array, search: (q: Float32Array) => ScoredId[]): Timed {
  const results: ScoredId[][] = [];
  const latenciesMs: number[] = [];
  const started = performance.now();
  for (let q = 0; q < queryCount; q++) {
    const t = performance.now();
    results.push(search(queries.subarray(q * dim, (q + 1) * dim)));
    latenciesMs.push(performance.now() - t);
  }
  return { results, latenciesMs, totalMs: performance.now() - started };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function row(name: string, recall: string, timed: Timed, baselineQps: number): string[] {
  const sorted = [...timed.latenciesMs].sort((a, b) => a - b);
  const qps = (queryCount / timed.totalMs) * 1000;
  return [name, recall, qps.toFixed(0), percentile(sorted, 50).toFixed(3), percentile(sorted, 99).toFixed(3), `${(qps / baselineQps).toFixed(1)}×`];
}

function printTable(rows: string[][]): void {
  const header = ["search", `recall@${k}`, "QPS", "p50 ms", "p99 ms", "vs exact"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`);
  for (const r of rows) console.log(line(r));
}

/** Exact search in hnswlib's C++ (SIMD), a second baseline: what HNSW must beat to be worth it. */
function nativeBruteForce(vectors: Float32Array): (q: Float32Array) => ScoredId[] {
  const brute = new hnswlib.BruteforceSearch("ip", dim);
  brute.initIndex(n);
  for (let i = 0; i < n; i++) brute.addPoint(Array.from(vectors.subarray(i * dim, (i + 1) * dim)), i);
  return (q) => {
    const { neighbors, distances } = brute.searchKnn(Array.from(q), k);
    return neighbors.map((id, i) => ({ id, score: 1 - distances[i] }));
  };
}

/**
 * HTTP benchmark: TODO once the dense search route exists (`POST /api/v1/search` with
 * mode "dense"): start the app, then drive it with concurrent clients (autocannon, not yet a
 * dependency) and report QPS and p50/p99 at 1, 8 and 32 connections against the in-process
 * numbers above.
 */
async function benchHttp(): Promise<void> {
  console.log("\nHTTP with concurrent clients: not measured yet (needs the dense search route and a load generator such as autocannon).");
}

async function main(): Promise<void> {
  const kind = data === "random" ? "uniformly random unit vectors" : `low-rank (latent ${values.latent}, noise ${values.noise})`;
  console.log(`dense search over ${kind}: n=${n} dim=${dim} queries=${queryCount} k=${k} M=${M} efConstruction=${efConstruction} default ef=${defaultEf}`);
  console.log(`node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown"}), load average ${os.loadavg()[0].toFixed(1)}\n`);
  const vectors = sample(n, seed);
  const queries = sample(queryCount, seed + 1);
  const ids = Array.from({ length: n }, (_, i) => i);

  let started = performance.now();
  const index = VectorIndex.create({ dim, maxElements: n, M, efConstruction });
  index.add(ids, vectors, (done) => {
    if (done % 10_000 === 0) process.stderr.write(`  built ${done}/${n} in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  });
  const buildS = (performance.now() - started) / 1000;
  console.log(`build: ${buildS.toFixed(1)} s (${(n / buildS).toFixed(0)} vectors/s, single thread)`);

  const exact = timeQueries(queries, (q) => exactSearch(vectors, ids, q, k));
  const baselineQps = (queryCount / exact.totalMs) * 1000;
  const rows = [row("exact (brute force, JS)", "1.000", exact, baselineQps)];
  const native = nativeBruteForce(vectors);
  const nativeTimed = timeQueries(queries, native);
  rows.push(row("exact (hnswlib BruteforceSearch)", recallAtK(nativeTimed.results, exact.results, k).toFixed(3), nativeTimed, baselineQps));
  for (const ef of efs) {
    const timed = timeQueries(queries, (q) => index.search(q, k, { ef }));
    const name = `HNSW ef=${ef}${ef === defaultEf ? " (default)" : ""}`;
    rows.push(row(name, recallAtK(timed.results, exact.results, k).toFixed(3), timed, baselineQps));
  }
  console.log("");
  printTable(rows);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-bench-"));
  try {
    const key = { corpusId: 1, modelVersionId: 1 };
    started = performance.now();
    const manifest = await saveIndex(dir, key, index);
    const saveS = (performance.now() - started) / 1000;
    started = performance.now();
    await loadIndex(indexFolder(dir, key));
    const loadS = (performance.now() - started) / 1000;
    console.log(`\nindex file ${(manifest.bytes / 2 ** 20).toFixed(0)} MiB; save ${saveS.toFixed(2)} s, load with checksum ${loadS.toFixed(2)} s; rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  await benchHttp();
}

await main();
