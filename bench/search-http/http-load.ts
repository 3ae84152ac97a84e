import autocannon from "autocannon";
import type { ScoredId } from "@/lib/index/scored-id";
import { BENCH_KEY } from "@/bench/search-http/app-server";

const SEARCH_PATH = "/api/v1/search";
const JSON_HEADERS = { "content-type": "application/json", authorization: `Bearer ${BENCH_KEY}` };

/** The parts of a search response the benchmark checks. */
interface SearchReply {
  mode: string;
  notice?: string;
  results: { passageId: number }[];
  tookMs: number;
}

/**
 * One `POST /api/v1/search` body per query: a dense vector query, so the server skips query
 * embedding. 9 significant digits carry a float32 exactly, so the server searches the very
 * vector the in-process baseline searched. `queries` is `[count, dim]` row-major.
 */
export function searchBodies(queries: Float32Array, dim: number, corpusId: number, k: number): string[] {
  return Array.from({ length: queries.length / dim }, (_, q) => {
    const vector = Array.from(queries.subarray(q * dim, (q + 1) * dim), (x) => Number(x.toPrecision(9)));
    return JSON.stringify({ mode: "dense", corpusId, k, vector });
  });
}

/** One `POST /api/v1/search` body per text: a dense query the server embeds with the corpus's model. */
export function textSearchBodies(texts: readonly string[], corpusId: number, k: number): string[] {
  return texts.map((query) => JSON.stringify({ mode: "dense", corpusId, k, query }));
}

function isDenseAnswer(reply: SearchReply, k: number): boolean {
  return reply.mode === "dense" && !reply.notice && reply.results.length === k;
}

/** Sequential requests, one client: latency without queueing, and the hits compared with the baseline's. */
export interface SequentialCheck {
  /** Share of the baseline's top-k ids that the HTTP answers returned (1 = identical lists); NaN without a baseline. */
  agreement: number;
  latenciesMs: number[];
  /** The server's own `tookMs` (search service, inside the route handler). */
  serverMs: number[];
}

/**
 * Sends `bodies[i]` one at a time and checks each answer: status 200, mode dense, k results,
 * the same ids as `expected[i]` when given (the in-process search at the same ef). Warms the server
 * up too (the first query loads the index). @throws on any answer that is not a dense top-k
 */
export async function sequentialCheck(
  baseUrl: string,
  bodies: string[],
  expected: ScoredId[][] | undefined,
  k: number,
): Promise<SequentialCheck> {
  const latenciesMs: number[] = [];
  const serverMs: number[] = [];
  let same = 0;
  for (let i = 0; i < bodies.length; i++) {
    const started = performance.now();
    const res = await fetch(baseUrl + SEARCH_PATH, { method: "POST", headers: JSON_HEADERS, body: bodies[i] });
    const text = await res.text();
    latenciesMs.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`POST ${SEARCH_PATH} answered ${res.status}: ${text.slice(0, 500)}`);
    const reply = JSON.parse(text) as SearchReply;
    if (!isDenseAnswer(reply, k))
      throw new Error(`POST ${SEARCH_PATH} did not answer with ${k} dense results: ${text.slice(0, 500)}`);
    serverMs.push(reply.tookMs);
    if (!expected) continue;
    const ids = new Set(expected[i].map((h) => h.id));
    same += reply.results.filter((r) => ids.has(r.passageId)).length;
  }
  return { agreement: expected ? same / (bodies.length * k) : NaN, latenciesMs, serverMs };
}

/** What a load run measured. */
export interface LoadResult {
  connections: number;
  seconds: number;
  requests: number;
  qps: number;
  /** Client-side latency of every 2xx response, ms (float, from autocannon's hrtime). */
  latenciesMs: number[];
  /** The server's `tookMs` of every response. */
  serverMs: number[];
  /** autocannon's own percentiles (whole ms). */
  autocannon: { p50: number; p97_5: number; p99: number };
}

/**
 * Drives `POST /api/v1/search` with `connections` concurrent clients for `seconds`, each request
 * the next of `bodies` (cycling), and checks every answer (200, mode dense, k results).
 * @throws when any request failed, timed out, or answered otherwise
 */
export async function loadTest(
  baseUrl: string,
  bodies: string[],
  o: { connections: number; seconds: number; k: number },
): Promise<LoadResult> {
  let next = 0;
  const latenciesMs: number[] = [];
  const serverMs: number[] = [];
  const instance = autocannon({
    url: baseUrl,
    connections: o.connections,
    duration: o.seconds,
    timeout: 10,
    requests: [
      {
        method: "POST",
        path: SEARCH_PATH,
        headers: JSON_HEADERS,
        setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }),
      },
    ],
    verifyBody(body) {
      try {
        const reply = JSON.parse(body) as SearchReply;
        serverMs.push(reply.tookMs);
        return isDenseAnswer(reply, o.k);
      } catch {
        return false;
      }
    },
  });
  instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) latenciesMs.push(ms);
  });
  const result = await instance;
  const bad = {
    "non-2xx": result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    "wrong bodies": result.mismatches,
  };
  if (Object.values(bad).some((v) => v > 0)) {
    throw new Error(
      `HTTP load run failed: ${JSON.stringify(bad)}, status codes ${JSON.stringify(result.statusCodeStats)}`,
    );
  }
  const requests = latenciesMs.length;
  return {
    connections: o.connections,
    seconds: result.duration,
    requests,
    qps: requests / result.duration,
    latenciesMs,
    serverMs,
    autocannon: { p50: result.latency.p50, p97_5: result.latency.p97_5, p99: result.latency.p99 },
  };
}
