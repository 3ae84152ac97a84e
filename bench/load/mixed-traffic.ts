import { JSON_API } from "@/bench/load/load-client";
import { sampleDocuments } from "@/lib/sample/sample-corpus";

/** The kinds of request the load mixes, in the order each client cycles through them. */
export const KINDS = ["search API", "similarity API", "page /?q=", "page /corpora/{id}"] as const;
export type Kind = (typeof KINDS)[number];

/** What one kind of request measured in a phase. */
export interface KindStats {
  latenciesMs: number[];
  errors: number;
  /** The first few errors, as "status: start of the body" (or the network error). */
  samples: string[];
}

const REQUEST_TIMEOUT_MS = 30_000;

/** Short queries and texts from the sample's titles, so searches and similarity have something to find. */
function phrases(): string[] {
  return sampleDocuments().map((d) => d.title.replace(/[^\p{L}\p{N} ]/gu, " ").trim());
}

function request(kind: Kind, i: number, o: TrafficOptions, texts: string[]): [string, RequestInit] {
  const q = texts[i % texts.length];
  if (kind === "search API")
    return [
      "/api/v1/search",
      { method: "POST", headers: JSON_API, body: JSON.stringify({ query: q, corpusId: o.corpusId, k: 10 }) },
    ];
  if (kind === "similarity API") {
    const batch = [q, texts[(i * 7 + 3) % texts.length], texts[(i * 13 + 5) % texts.length]];
    return [
      "/api/v1/similarity",
      { method: "POST", headers: JSON_API, body: JSON.stringify({ texts: batch, corpusId: o.corpusId }) },
    ];
  }
  const headers = { cookie: o.cookie };
  if (kind === "page /?q=") return [`/?q=${encodeURIComponent(q)}&corpus=${o.corpusId}`, { headers }];
  return [`/corpora/${o.corpusId}?page=${1 + (i % 5)}`, { headers }];
}

export interface TrafficOptions {
  baseUrl: string;
  corpusId: number;
  /** The session cookie page loads send (a logged-in admin). */
  cookie: string;
  clients: number;
  seconds: number;
}

/**
 * `clients` concurrent clients, each sending one request after another for `seconds`, cycling
 * through {@link KINDS}. A request counts as an error unless it answers 200 within 30 s.
 */
export async function runMixedTraffic(o: TrafficOptions): Promise<Record<Kind, KindStats>> {
  const stats = Object.fromEntries(
    KINDS.map((k): [Kind, KindStats] => [k, { latenciesMs: [], errors: 0, samples: [] }]),
  ) as Record<Kind, KindStats>;
  const texts = phrases();
  const deadline = performance.now() + o.seconds * 1000;
  const client = async (c: number) => {
    for (let i = c; performance.now() < deadline; i++) {
      const kind = KINDS[i % KINDS.length];
      const [path, init] = request(kind, i, o, texts);
      const started = performance.now();
      let problem: string | undefined;
      try {
        const res = await fetch(o.baseUrl + path, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        const body = await res.text();
        if (res.status !== 200) problem = `${res.status}: ${body.slice(0, 160)}`;
      } catch (err) {
        problem = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      }
      const s = stats[kind];
      if (problem) {
        s.errors++;
        if (s.samples.length < 3) s.samples.push(problem);
      } else s.latenciesMs.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: o.clients }, (_, c) => client(c)));
  return stats;
}
