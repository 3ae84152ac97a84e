/**
 * Dense search benchmark: HNSW (hnswlib-node through VectorIndex, in process) against exact
 * brute-force search, the baseline, run in the same process on the same data; then the same
 * index served by the real app (`next start`) and driven over loopback HTTP by concurrent
 * clients (autocannon), against the in-process search at the same ef; then the same servers with
 * text queries, which each server embeds with a model of `--query-model`'s shape: `minilm`
 * (default; MiniLM-L6, the default hub model, dimension 384) or `scratch` (the default recipe's
 * scratch encoder, dimension 256: run it with `--dim 256` on generated data). `--no-embed` skips
 * the model, its in-process timing and the text runs.
 *
 *   npm run bench -- search [--n 100000] [--queries 1000] [--dim 384] [--k 10]
 *                           [--M 16] [--ef-construction 200] [--ef 32,64,...] [--seed 1]
 *                           [--data real|structured|random|low-rank] [--latent 32] [--noise 0.3]
 *                           [--http-only] [--no-http] [--duration 15] [--connections 8] [--no-embed]
 *                           [--servers next,lean,custom] [--query-model minilm|scratch]
 *
 * Data (bench/search-data): `real` (default) embeds real text (the shared STS-B sentences in
 * English and Chinese and the sample corpus, then windows of consecutive sentences; about 116k
 * texts) with Cognate's warm-start encoder; the queries are held-out texts. `structured` is a
 * generator (clusters and a decaying spectrum fitted to the real set) for sizes beyond the real
 * texts, e.g. 1,000,000; before using it, the benchmark prints its recall-versus-ef curve next
 * to the real set's at the largest size both have. `random` is uniformly random unit vectors, the
 * labelled worst case for HNSW (no structure to exploit). `low-rank` puts the points near a
 * `--latent`-dimensional subspace, plus noise.
 * After the build the index's default search is tuned (`tuneSearch`, as the index job does): the
 * smallest ef that reaches recall@10 ≥ 0.95 on stored vectors, or the exact scan where that is
 * faster or the graph falls short; every "default" below is that choice.
 * `--http-only` skips the brute-force baselines and the ef sweep (no recall), but still builds
 * the index and times the in-process search with its default search as the HTTP run's baseline.
 * `--servers` names the web servers driven over HTTP, one after the other on the same data:
 * `next` (`next start`), `lean` (`npm start`'s workers/web-server.ts, whose lean path answers the
 * search API without Next.js's router) and `custom` (web-server.ts with the lean path off).
 * The HTTP run needs a production build: one is made first when `.next` is missing or older
 * than the sources (as `npm start` does).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import hnswlib from "hnswlib-node";
import { DEFAULT_INDEX_PARAMS } from "@/lib/index/index-params";
import { indexFolder } from "@/lib/index/index-manifest";
import { exactSearch } from "@/lib/index/exact-search";
import { tuneSearch } from "@/lib/index/search-tuner";
import { loadIndex, saveIndex } from "@/lib/index/index-store";
import { recallAtK } from "@/lib/index/recall-at-k";
import type { ScoredId } from "@/lib/index/scored-id";
import { VectorIndex } from "@/lib/index/vector-index";
import {
  benchData,
  DATA_KINDS,
  realData,
  realDecay,
  realTextCount,
  recallCurve,
  type DataKind,
} from "@/bench/search-data/bench-vectors";
import {
  buildApp,
  buildNeeded,
  groupCpuMs,
  startApp,
  startWebServer,
  type AppServer,
} from "@/bench/search-http/app-server";
import {
  loadTest,
  searchBodies,
  sequentialCheck,
  textSearchBodies,
  type LoadResult,
  type SequentialCheck,
} from "@/bench/search-http/http-load";
import { timeSearchService } from "@/bench/search-http/in-process-service";
import { autoChoice, concurrentSearches } from "@/bench/search-http/concurrent-search";
import { timeRouteHandler } from "@/bench/search-http/request-stages";
import {
  buildQueryModel,
  QUERY_MODELS,
  queryTexts,
  timeQueryEmbedding,
  type QueryEmbeddingTiming,
  type QueryModelKind,
} from "@/bench/search-http/query-embedding";
import { prepareServingDataDir } from "@/bench/search-http/serving-data-dir";
import { markdownTable, mean, percentile } from "@/bench/search-http/table";

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
    data: { type: "string", default: "real" },
    latent: { type: "string", default: "32" },
    noise: { type: "string", default: "0.3" },
    "http-only": { type: "boolean", default: false },
    "no-http": { type: "boolean", default: false },
    duration: { type: "string", default: "15" },
    connections: { type: "string", default: "8" },
    servers: { type: "string", default: "next,lean" },
    "no-embed": { type: "boolean", default: false },
    "query-model": { type: "string", default: "minilm" },
  },
});
const n = Number(values.n);
const queryCount = Number(values.queries);
const dim = Number(values.dim);
const k = Number(values.k);
const M = Number(values.M);
const efConstruction = Number(values["ef-construction"]);
/** The index's default search: the built-in one until `tuneSearch` sets it, as the index job does after building. */
let defaultSearch = `HNSW ef=${DEFAULT_INDEX_PARAMS.ef}`;
const efs = values.ef ? values.ef.split(",").map(Number) : [32, 64, 128, 256, 512, 1024];
const seed = Number(values.seed);
const data = values.data as DataKind;
if (!DATA_KINDS.includes(data)) throw new Error(`--data must be one of ${DATA_KINDS.join(", ")}, got ${values.data}`);
const httpOnly = values["http-only"];
const duration = Number(values.duration);
const connections = Number(values.connections);
for (const [flag, value] of Object.entries({ n, queries: queryCount, duration, connections })) {
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(
      `--${flag} must be a positive whole number, got ${values[flag as "n" | "queries" | "duration" | "connections"]}`,
    );
}
const SERVER_KINDS = {
  next: "next start",
  lean: "npm start's server, lean API path",
  custom: "npm start's server, lean path off",
};
type ServerKind = keyof typeof SERVER_KINDS;
const servers = values.servers.split(",").filter(Boolean) as ServerKind[];
for (const kind of servers)
  if (!(kind in SERVER_KINDS))
    throw new Error(`--servers takes a comma-separated list of ${Object.keys(SERVER_KINDS).join(", ")}; got ${kind}`);
const queryModel = values["query-model"] as QueryModelKind;
if (!(queryModel in QUERY_MODELS))
  throw new Error(`--query-model must be one of ${Object.keys(QUERY_MODELS).join(", ")}; got ${queryModel}`);
const queryModelDim = QUERY_MODELS[queryModel].shape.hidden_size;
const RECALL_TARGET = 0.95;
const HTTP_P99_TARGET_MS = 10;
/** Seconds of load before the measured run (JIT, sockets, caches), discarded. */
const WARMUP_SECONDS = 3;

const dataOptions = { n, queries: queryCount, dim, seed, latent: Number(values.latent), noise: Number(values.noise) };
const CURVE_EFS = [10, 16, 24, 32, 64, 128];

/**
 * The generator's spectrum decay, fitted to the real set at the largest size both have, and the
 * two recall-versus-ef curves side by side there: the generator stands in for real embeddings
 * only as far as these agree.
 */
function checkGenerator(): number {
  const size = Math.min(n, realTextCount(queryCount));
  const real = realData(size, queryCount, dim);
  const decay = realDecay(real, dim);
  const params = { M, efConstruction, k };
  const realCurve = recallCurve(real, dim, CURVE_EFS, params);
  const generated = recallCurve(benchData("structured", { ...dataOptions, n: size }, decay), dim, CURVE_EFS, params);
  const gap = Math.max(...realCurve.recall.map((r, i) => Math.abs(r - generated.recall[i])));
  const rows = [
    [`real (n=${size}, build ${realCurve.buildS.toFixed(0)} s)`, ...realCurve.recall.map((r) => r.toFixed(3))],
    [`structured (n=${size}, build ${generated.buildS.toFixed(0)} s)`, ...generated.recall.map((r) => r.toFixed(3))],
  ];
  console.log(
    `generator check: recall@${k} against ef, M=${M}, efConstruction=${efConstruction}, spectrum decay ${decay.toFixed(3)} fitted to the real set\n`,
  );
  console.log(markdownTable(["data", ...CURVE_EFS.map((ef) => `ef=${ef}`)], rows));
  console.log(
    `largest gap ${gap.toFixed(3)}${gap > 0.05 ? " (MORE THAN 0.05: the generator's figures below are only indicative)" : ""}\n`,
  );
  return decay;
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

const qpsOf = (timed: Timed) => (queryCount / timed.totalMs) * 1000;
const ms = (x: number) => x.toFixed(3);

function row(name: string, recall: string, timed: Timed, baselineQps: number): string[] {
  const qps = qpsOf(timed);
  return [
    name,
    recall,
    qps.toFixed(0),
    ms(percentile(timed.latenciesMs, 50)),
    ms(percentile(timed.latenciesMs, 99)),
    `${(qps / baselineQps).toFixed(1)}×`,
  ];
}

/** Exact search in hnswlib's C++ (SIMD), a second baseline: what HNSW must beat to be worth it. */
function nativeBruteForce(vectors: Float32Array, ids: number[]): (q: Float32Array) => ScoredId[] {
  const brute = new hnswlib.BruteforceSearch("ip", dim);
  brute.initIndex(n);
  for (let i = 0; i < n; i++) brute.addPoint(Array.from(vectors.subarray(i * dim, (i + 1) * dim)), ids[i]);
  return (q) => {
    const { neighbors, distances } = brute.searchKnn(Array.from(q), k);
    return neighbors.map((id, i) => ({ id, score: 1 - distances[i] }));
  };
}

/** The in-process search with its default search, with its recall when brute force was run. */
interface Direct {
  timed: Timed;
  recall?: number;
}

/** Brute force (JS and native) and the ef sweep; returns the default-ef row as the HTTP baseline. */
function benchDirect(index: VectorIndex, vectors: Float32Array, ids: number[], queries: Float32Array): Direct {
  const exact = timeQueries(queries, (q) => exactSearch(vectors, ids, q, k));
  const baselineQps = qpsOf(exact);
  const rows = [row("exact (brute force, JS)", "1.000", exact, baselineQps)];
  const nativeTimed = timeQueries(queries, nativeBruteForce(vectors, ids));
  rows.push(
    row(
      "exact (hnswlib BruteforceSearch)",
      recallAtK(nativeTimed.results, exact.results, k).toFixed(3),
      nativeTimed,
      baselineQps,
    ),
  );
  for (const ef of efs) {
    const timed = timeQueries(queries, (q) => index.search(q, k, { ef, exact: false }));
    rows.push(row(`HNSW ef=${ef}`, recallAtK(timed.results, exact.results, k).toFixed(3), timed, baselineQps));
  }
  for (const [mode, counts] of [
    ["int8", [20, 40, 80, 160]],
    ["binary", [80, 160, 320, 640]],
  ] as const) {
    index.search(queries.subarray(0, dim), k, { mode }); // makes the codes outside the timing
    for (const candidates of counts) {
      const timed = timeQueries(queries, (q) => index.search(q, k, { mode, candidates }));
      rows.push(
        row(
          `${mode} scan, ${candidates} rescored`,
          recallAtK(timed.results, exact.results, k).toFixed(3),
          timed,
          baselineQps,
        ),
      );
    }
  }
  index.search(queries.subarray(0, dim), k); // the sweep may have replaced the default mode's codes
  const timed = timeQueries(queries, (q) => index.search(q, k));
  const direct = { timed, recall: recallAtK(timed.results, exact.results, k) };
  rows.push(row(`VectorIndex default: ${defaultSearch} (tuned)`, direct.recall.toFixed(3), timed, baselineQps));
  console.log(`\n${markdownTable(["search", `recall@${k}`, "QPS", "p50 ms", "p99 ms", "vs exact"], rows)}`);
  return direct;
}

/**
 * Memory per mode: the graph (hnswlib: per vector dim·4 bytes of floats, 2M+1 level-0 links of 4
 * bytes, an 8-byte label, its lock and lookup entry, about 100 bytes) and each mode's scan copy,
 * each measured by building it here (the exact scan's float copy, the int8 and binary codes).
 */
function printMemory(index: VectorIndex): void {
  const count = index.size;
  const graphBytes = count * (dim * 4 + (2 * M + 1) * 4 + 8 + 100);
  const mode = index.params.mode;
  const copies: [string, number, number][] = [];
  for (const m of ["exact", "int8", "binary"] as const) {
    const started = performance.now();
    index.setSearchDefaults({ mode: m });
    index.search(new Float32Array(dim).fill(1), 1);
    copies.push([m, index.scanCopyBytes, (performance.now() - started) / 1000]);
  }
  index.setSearchDefaults({ mode });
  index.search(new Float32Array(dim).fill(1), 1); // remakes the chosen mode's copy outside any timing
  const mib = (b: number) => (b / 2 ** 20).toFixed(0);
  const rows = [["hnsw", `${mib(graphBytes)}`, "0", `${mib(graphBytes)}`, `${(graphBytes / count).toFixed(0)}`, "—"]];
  // A web server's search thread (VectorIndex.readFile, policy auto or always) loads the file again.
  rows.push([
    "hnsw + search thread",
    mib(graphBytes),
    `${mib(graphBytes)} (thread)`,
    mib(2 * graphBytes),
    ((2 * graphBytes) / count).toFixed(0),
    "—",
  ]);
  for (const [m, bytes, s] of copies)
    rows.push([
      m,
      mib(graphBytes),
      mib(bytes),
      mib(graphBytes + bytes),
      ((graphBytes + bytes) / count).toFixed(0),
      s.toFixed(1),
    ]);
  console.log(
    `\nmemory per mode at n=${count} (graph estimated from hnswlib's layout; scan copies as built; the chosen mode keeps only its own copy; an exact search thread holds the exact copy instead of the server's main thread):\n`,
  );
  console.log(markdownTable(["mode", "graph MiB", "scan copy MiB", "total MiB", "bytes/vector", "copy build s"], rows));
}

async function benchSaveLoad(index: VectorIndex): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-bench-"));
  try {
    const key = { corpusId: 1, modelVersionId: 1 };
    let started = performance.now();
    const manifest = await saveIndex(dir, key, index);
    const saveS = (performance.now() - started) / 1000;
    started = performance.now();
    await loadIndex(indexFolder(dir, key));
    const loadS = (performance.now() - started) / 1000;
    console.log(
      `\nindex file ${(manifest.bytes / 2 ** 20).toFixed(0)} MiB; save ${saveS.toFixed(2)} s, load with checksum ${loadS.toFixed(2)} s; rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The saved index as the web server loads it, searched by `--connections` concurrent callers in
 * this process: on the event loop against in a search thread (batched), and what `auto` chooses
 * here (each web server measures again when it loads the index, on the same machine).
 */
async function benchSearchThread(
  indexDir: string,
  key: { corpusId: number; modelVersionId: number },
  queries: Float32Array,
  direct: Direct,
): Promise<void> {
  const runs = await concurrentSearches(indexDir, key, queries, dim, k, direct.timed.results, {
    clients: connections,
    rounds: 4,
    policies: ["never", "always"],
  });
  const rows = runs.map((r) => [
    r.policy === "never" ? "in-thread (event loop)" : "search thread, batched",
    r.qps.toFixed(0),
    ms(r.p50),
    ms(r.p99),
    ms(r.maxLoopGapMs),
    r.perBatch.toFixed(1),
    r.same ? "yes" : "NO",
  ]);
  console.log(
    `\nsearchAsync of the served index by ${connections} concurrent callers in process (${defaultSearch}, ${4 * queryCount} searches each):\n`,
  );
  console.log(
    markdownTable(
      ["where", "QPS", "p50 ms", "p99 ms", "longest event-loop gap ms", "queries per message", "same ids as direct"],
      rows,
    ),
  );
  const auto = await autoChoice(indexDir, key);
  console.log(`search thread policy auto (the web server's default) chooses here: ${auto.reason}`);
}

/** What the HTTP run measured. */
interface HttpNumbers {
  /** The route's search service called in this process, one query at a time. */
  serviceMs: number[];
  /** The route's POST handler called in this process with a Request (parse, auth, rate limit, service, JSON). */
  routeMs: number[];
  /** One per `--servers` entry, in that order. */
  runs: ServerRun[];
  /** Query embedding in this process, one query at a time (absent with `--no-embed`). */
  embedding?: QueryEmbeddingTiming;
}

/** One client in sequence, then `--connections` clients. */
interface Driven {
  sequential: SequentialCheck;
  load: LoadResult;
}

/** One web server driven over HTTP with vector queries, then (with query embedding) with text queries. */
interface ServerRun extends Driven {
  kind: ServerKind;
  text?: Driven;
}

/**
 * Checks a server's answers one query at a time (the first `sequentialCount` bodies, against
 * `direct`'s ids when given), warms it up, then loads it with every body in turn.
 */
async function driveServer(
  server: AppServer,
  bodies: string[],
  direct?: Direct,
  sequentialCount = bodies.length,
): Promise<Driven> {
  const started = performance.now();
  const sequential = await sequentialCheck(server.baseUrl, bodies.slice(0, sequentialCount), direct?.timed.results, k);
  const agreement = direct
    ? `${(sequential.agreement * 100).toFixed(1)}% of top-${k} ids equal to the in-process search's`
    : `every answer ${k} dense results`;
  console.log(
    `  sequential check (1 client, ${sequential.latenciesMs.length} queries, ${((performance.now() - started) / 1000).toFixed(1)} s): ${agreement}`,
  );
  await loadTest(server.baseUrl, bodies, { connections, seconds: WARMUP_SECONDS, k });
  const before = { server: groupCpuMs(server.pid), client: process.cpuUsage() };
  const load = await loadTest(server.baseUrl, bodies, { connections, seconds: duration, k });
  const serverAfter = groupCpuMs(server.pid);
  const client = process.cpuUsage(before.client);
  const ac = load.autocannon;
  console.log(
    `  load (${connections} connections, ${load.seconds} s after ${WARMUP_SECONDS} s warm-up): ${load.requests} requests, all 200 with ${k} dense results; autocannon's whole-ms latency p50 ${ac.p50}, p97.5 ${ac.p97_5}, p99 ${ac.p99}`,
  );
  if (serverAfter !== null && before.server !== null) {
    const serverMs = (serverAfter - before.server) / load.requests;
    const clientMs = (client.user + client.system) / 1000 / load.requests;
    // Closed-loop clients each wait for their answer: latency ≈ clients ÷ QPS.
    const ceiling = (os.cpus().length * 1000) / (serverMs + clientMs);
    console.log(
      `  CPU per request: server ${ms(serverMs)} ms, load generator (this process) ${ms(clientMs)} ms; with all ${os.cpus().length} cores busy that allows at most ${ceiling.toFixed(0)} QPS, at which ${connections} clients wait ${ms((connections * 1000) / ceiling)} ms on average`,
    );
  }
  return { sequential, load };
}

/**
 * Serves `index` from a throwaway data folder with the real app (`next start`, loopback), checks
 * its answers one query at a time against `direct`, warms it up, then drives it with
 * `--connections` clients for `--duration` seconds. The server and folder go away even on failure.
 */
async function benchHttp(
  index: VectorIndex,
  ids: number[],
  queries: Float32Array,
  direct: Direct,
): Promise<HttpNumbers> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-bench-http-"));
  const removeDir = () => fs.rmSync(dataDir, { recursive: true, force: true });
  process.once("exit", removeDir);
  let server: AppServer | undefined;
  try {
    // The corpus's model has a real model's shape, so that text queries cost what they would in use.
    const modelDir = values["no-embed"]
      ? undefined
      : buildQueryModel(path.join(dataDir, "models", "bench"), queryModel);
    // Also exports the ONNX graphs the server loads.
    const embedding = modelDir === undefined ? undefined : await timeQueryEmbedding(modelDir, queryCount);
    const { corpusId, modelVersionId } = await prepareServingDataDir(dataDir, ids, index);
    await benchSearchThread(path.join(dataDir, "indexes"), { corpusId, modelVersionId }, queries, direct);
    const serviceMs = await timeSearchService(dataDir, corpusId, queries, dim, k);
    const bodies = searchBodies(queries, dim, corpusId, k);
    const routeMs = await timeRouteHandler(dataDir, bodies);
    const textBodies = modelDir && dim === queryModelDim ? textSearchBodies(queryTexts(), corpusId, k) : undefined;
    if (modelDir && !textBodies)
      console.log(`(no HTTP run with text queries: the query model's dimension is ${queryModelDim}, not --dim ${dim})`);
    const runs: ServerRun[] = [];
    for (const kind of servers) {
      const started = performance.now();
      const env = { COGNATE_DATA_DIR: dataDir, COGNATE_SAMPLE: "0" };
      server = kind === "next" ? await startApp(env) : await startWebServer(env, { lean: kind === "lean" });
      console.log(
        `\nHTTP (${SERVER_KINDS[kind]}): ${server.baseUrl} answered in ${((performance.now() - started) / 1000).toFixed(1)} s (corpus of ${n} passages, index's default search: ${defaultSearch})`,
      );
      const run: ServerRun = { kind, ...(await driveServer(server, bodies, direct)) };
      if (textBodies) {
        console.log(
          `  text queries (${textBodies.length} distinct STS-B sentences, embedded by the server with a model of ${QUERY_MODELS[queryModel].name}):`,
        );
        run.text = await driveServer(server, textBodies, undefined, queryCount);
      }
      runs.push(run);
      await server.stop();
      server = undefined;
    }
    return { serviceMs, routeMs, runs, embedding };
  } finally {
    await server?.stop();
    removeDir();
    process.off("exit", removeDir);
  }
}

/**
 * Every path side by side, the HTTP overhead per server, query embedding apart and included, and
 * the issue's targets.
 */
function printSummary(direct: Direct, http: HttpNumbers): void {
  const directQps = qpsOf(direct.timed);
  const { serviceMs, routeMs, runs, embedding } = http;
  const recall = direct.recall === undefined ? "—" : direct.recall.toFixed(3);
  const line = (name: string, rec: string, qps: number, lat: number[], vsDirect = true) => [
    name,
    rec,
    qps.toFixed(0),
    ms(percentile(lat, 50)),
    ms(percentile(lat, 99)),
    vsDirect ? `${(qps / directQps).toFixed(2)}×` : "—",
  ];
  const rows = [
    line(
      `hnswlib direct (VectorIndex, ${defaultSearch}, 1 query at a time)`,
      recall,
      directQps,
      direct.timed.latenciesMs,
    ),
    line("SearchService.search in process (what the route calls)", recall, 1000 / mean(serviceMs), serviceMs),
    line("route handler POST in process (+ body, zod, auth, rate limit, JSON)", recall, 1000 / mean(routeMs), routeMs),
  ];
  for (const { kind, sequential, load, text } of runs) {
    const seq = sequential.latenciesMs;
    rows.push(line(`HTTP ${SERVER_KINDS[kind]}, 1 client (fetch)`, recall, 1000 / mean(seq), seq));
    rows.push(
      line(`HTTP ${SERVER_KINDS[kind]}, ${load.connections} clients (autocannon)`, recall, load.qps, load.latenciesMs),
    );
    if (!text) continue;
    const textSeq = text.sequential.latenciesMs;
    const withEmbedding = "text queries, embedding included";
    rows.push(
      line(`HTTP ${SERVER_KINDS[kind]}, 1 client, ${withEmbedding}`, "—", 1000 / mean(textSeq), textSeq, false),
    );
    rows.push(
      line(
        `HTTP ${SERVER_KINDS[kind]}, ${text.load.connections} clients, ${withEmbedding}`,
        "—",
        text.load.qps,
        text.load.latenciesMs,
        false,
      ),
    );
  }
  if (embedding)
    rows.push(
      line(
        `query embedding (${QUERY_MODELS[queryModel].name}, ${embedding.threads} thread)`,
        "—",
        1000 / mean(embedding.latenciesMs),
        embedding.latenciesMs,
        false,
      ),
    );
  console.log(
    `\n## Summary: n=${n}, dim=${dim}, k=${k}, default search ${defaultSearch}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}\n`,
  );
  console.log(markdownTable(["path", `recall@${k}`, "QPS", "p50 ms", "p99 ms", "QPS vs direct"], rows));
  for (const { kind, sequential, load } of runs) {
    const overheadMs = mean(sequential.latenciesMs) - mean(direct.timed.latenciesMs);
    console.log(
      `\n${SERVER_KINDS[kind]}: HTTP overhead ${ms(overheadMs)} ms per request on average at 1 client (HTTP − direct mean);`,
    );
    console.log(
      `  at ${load.connections} clients ${ms(1000 / load.qps)} ms of wall time per request against ${ms(1000 / directQps)} ms in process (${(directQps / load.qps).toFixed(1)}× more);`,
    );
    console.log(
      `  the route's own tookMs (search service only): p50 ${ms(percentile(sequential.serverMs, 50))} ms at 1 client; p50 ${ms(percentile(load.serverMs, 50))}, p99 ${ms(percentile(load.serverMs, 99))} ms at ${load.connections}.`,
    );
  }
  if (runs.length > 1) {
    const [base, ...others] = runs;
    for (const run of others) {
      const ratio = (f: (r: ServerRun) => number) => (f(base) / f(run)).toFixed(2);
      const p = (q: number, l: number[]) => percentile(l, q);
      console.log(
        `\n${SERVER_KINDS[run.kind]} against ${SERVER_KINDS[base.kind]} (same run, ratio = ${base.kind} ÷ ${run.kind}): ` +
          `1 client p50 ${ratio((r) => p(50, r.sequential.latenciesMs))}×, p99 ${ratio((r) => p(99, r.sequential.latenciesMs))}×; ` +
          `${connections} clients p50 ${ratio((r) => p(50, r.load.latenciesMs))}×, p99 ${ratio((r) => p(99, r.load.latenciesMs))}×, QPS ${(run.load.qps / base.load.qps).toFixed(2)}× higher`,
      );
    }
  }
  console.log(
    `\nWith ${connections} closed-loop clients and one server thread, latency ≈ clients ÷ QPS: p99 ≤ ${HTTP_P99_TARGET_MS} ms needs under ~${ms(HTTP_P99_TARGET_MS / connections)} ms of server time per request (the in-process search alone takes ${ms(mean(direct.timed.latenciesMs))}).`,
  );
  if (embedding)
    console.log(
      `Query embedding (${embedding.source}) is in the text-query rows only: in process it takes p50 ${ms(percentile(embedding.latenciesMs, 50))} ms per query.`,
    );
  const mark = (ok: boolean) => (ok ? "met" : "NOT met");
  console.log(`\nTargets:`);
  console.log(
    `  recall@${k} ≥ ${RECALL_TARGET} with the default search (${defaultSearch}): ${direct.recall === undefined ? "not measured (--http-only)" : `${direct.recall.toFixed(3)}, ${mark(direct.recall >= RECALL_TARGET)}`}`,
  );
  for (const { kind, load, text } of runs) {
    const target = (what: string, l: LoadResult) => {
      const httpP99 = percentile(l.latenciesMs, 99);
      console.log(
        `  HTTP p99 ≤ ${HTTP_P99_TARGET_MS} ms at ${l.connections} clients, ${what} query embedding (${SERVER_KINDS[kind]}): ${ms(httpP99)} ms, ${mark(httpP99 <= HTTP_P99_TARGET_MS)}`,
      );
    };
    target("excluding", load);
    if (text) target("including", text.load);
  }
}

async function main(): Promise<void> {
  console.log(
    `dense search (--data ${data}): n=${n} dim=${dim} queries=${queryCount} k=${k} M=${M} efConstruction=${efConstruction} built-in default ${defaultSearch}`,
  );
  console.log(
    `node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown"}), load average ${os.loadavg()[0].toFixed(1)}\n`,
  );
  // Before the long index build, so that a build that fails stops the benchmark early.
  const stale = values["no-http"] ? undefined : buildNeeded();
  if (stale) {
    console.log(`building the web app first (${stale}): next build…`);
    const started = performance.now();
    buildApp();
    console.log(`next build: ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  }
  const decay = data === "structured" ? checkGenerator() : undefined;
  const { vectors, queries, label } = benchData(data, dataOptions, decay);
  console.log(`data: ${label}\n`);
  // Labels are the passage ids of the served corpus, which start at 1.
  const ids = Array.from({ length: n }, (_, i) => i + 1);

  const started = performance.now();
  const index = VectorIndex.create({ dim, maxElements: n, M, efConstruction });
  index.add(ids, vectors, (done) => {
    if (done % 10_000 === 0)
      process.stderr.write(`  built ${done}/${n} in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  });
  const buildS = (performance.now() - started) / 1000;
  console.log(`build: ${buildS.toFixed(1)} s (${(n / buildS).toFixed(0)} vectors/s, single thread)`);
  const tuneStarted = performance.now();
  const tuning = tuneSearch(index, { target: RECALL_TARGET, k });
  index.setSearchDefaults({ ef: tuning.ef, mode: tuning.mode, candidates: tuning.candidates });
  defaultSearch = {
    exact: "exact scan (BruteforceSearch)",
    hnsw: `HNSW ef=${tuning.ef}`,
    int8: `int8 scan rescoring ${tuning.candidates}`,
    binary: `binary scan rescoring ${tuning.candidates}`,
  }[tuning.mode];
  const per = tuning.msPerQuery;
  const perMode = (["int8", "binary"] as const)
    .map((m) => `${m} scan recall@${k} ${tuning.quantizedRecall[m].toFixed(3)} in ${ms(per[m])} ms/query`)
    .join(", ");
  console.log(
    `tuned default search: ${defaultSearch} (${((performance.now() - tuneStarted) / 1000).toFixed(1)} s, ${tuning.queries} stored vectors as queries): ` +
      `graph at ef=${tuning.ef} recall@${k} ${tuning.graphRecall.toFixed(3)} in ${ms(per.hnsw)} ms/query, exact scan ${ms(per.exact)} ms/query, ${perMode}`,
  );
  printMemory(index);

  let direct: Direct;
  if (httpOnly) {
    direct = { timed: timeQueries(queries, (q) => index.search(q, k)) };
  } else {
    direct = benchDirect(index, vectors, ids, queries);
    await benchSaveLoad(index);
  }
  if (values["no-http"]) return;
  printSummary(direct, await benchHttp(index, ids, queries, direct));
}

process.once("SIGINT", () => process.exit(130));
await main();
