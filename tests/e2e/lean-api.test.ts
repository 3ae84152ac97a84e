/**
 * The lean API path of `npm start`'s web server (workers/lean-api.ts) against Next.js itself:
 * the same requests sent to the app under test (lean path on) and to `next start` on the same
 * data folder must get the same status, headers and JSON body (`tookMs` aside, a timing), for
 * answers that pass and answers the access layer or zod refuse.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "@/tests/helpers/free-port";

const leanUrl = inject("baseUrl");
const masterKey = inject("masterKey");
let next: ChildProcess | undefined;
let nextUrl = "";

/** Headers that frame the connection or the body rather than say anything about the answer. */
const TRANSPORT = new Set(["date", "connection", "keep-alive", "transfer-encoding", "content-length"]);

async function waitFor(url: string): Promise<void> {
  for (let tries = 0; tries < 240; tries++) {
    if (next?.exitCode !== null) throw new Error(`next start exited with code ${next?.exitCode}`);
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`next start did not answer at ${url} within 120 s`);
}

/** The sample corpus, once its ingest job has succeeded (lexical answers are stable from then on). */
async function ingestedCorpusId(): Promise<number> {
  const auth = { authorization: `Bearer ${masterKey}` };
  const { corpora } = (await (await fetch(`${leanUrl}/api/v1/corpora`, { headers: auth })).json()) as {
    corpora: { id: number }[];
  };
  for (let tries = 0; tries < 240; tries++) {
    const { jobs } = (await (
      await fetch(`${leanUrl}/api/v1/jobs?corpusId=${corpora[0].id}`, { headers: auth })
    ).json()) as { jobs: { type: string; status: string }[] };
    if (jobs.some((j) => j.type === "ingest" && j.status === "succeeded")) return corpora[0].id;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the sample corpus was not ingested within 120 s");
}

function withoutTimings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimings);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== "tookMs")
        .map(([key, v]) => [key, withoutTimings(v)]),
    );
  return value;
}

async function answer(base: string, route: string, init: RequestInit) {
  const res = await fetch(base + route, init);
  const headers = Object.fromEntries([...res.headers].filter(([name]) => !TRANSPORT.has(name)));
  const text = await res.text();
  return {
    status: res.status,
    headers,
    body: res.headers.get("content-type")?.includes("json") ? withoutTimings(JSON.parse(text)) : text,
    lengthKnown: res.headers.get("content-length") !== null,
  };
}

beforeAll(async () => {
  const port = await freePort();
  next = spawn(path.join("node_modules", ".bin", "next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      COGNATE_DATA_DIR: inject("dataDir"),
      COGNATE_MASTER_KEY: masterKey,
      COGNATE_SAMPLE: "0",
      COGNATE_RATE_LIMIT_IP: "5000",
    },
    stdio: "ignore",
    detached: true,
  });
  nextUrl = `http://127.0.0.1:${port}`;
  await waitFor(`${nextUrl}/api/v1/corpora`);
});

afterAll(async () => {
  if (next && next.exitCode === null) {
    const exited = new Promise((r) => next!.once("exit", r));
    process.kill(-next.pid!, "SIGTERM");
    await exited;
  }
});

describe("lean API path", () => {
  it("answers search and similarity exactly as Next.js does, refusals included", async () => {
    const corpusId = await ingestedCorpusId();
    const json = { "content-type": "application/json" };
    const key = { ...json, authorization: `Bearer ${masterKey}` };
    const cases: [string, RequestInit][] = [
      [
        "/api/v1/search",
        { method: "POST", headers: key, body: JSON.stringify({ query: "telescope", mode: "lexical", corpusId }) },
      ],
      [
        "/api/v1/search",
        {
          method: "POST",
          headers: { ...key, "accept-encoding": "gzip" },
          body: JSON.stringify({ query: "the", mode: "lexical", corpusId, k: 20, explain: true }),
        },
      ],
      [`/api/v1/search?q=mirror&mode=lexical&corpusId=${corpusId}`, { headers: key }],
      ["/api/v1/search", { method: "POST", headers: key, body: JSON.stringify({ query: 3, k: "x" }) }],
      ["/api/v1/search", { method: "POST", headers: key, body: "{not json" }],
      ["/api/v1/search", { method: "POST", headers: json, body: JSON.stringify({ query: "telescope" }) }],
      ["/api/v1/search", { method: "POST", headers: { ...json, authorization: "Bearer cgk_nope" }, body: "{}" }],
      ["/api/v1/similarity", { method: "POST", headers: key, body: JSON.stringify({ texts: [] }) }],
      ["/api/v1/similarity", { method: "POST", headers: json, body: JSON.stringify({ texts: ["a", "b"] }) }],
    ];
    const statuses: number[] = [];
    for (const [route, init] of cases) {
      const [lean, viaNext] = [await answer(leanUrl, route, init), await answer(nextUrl, route, init)];
      // The lean path writes whole bodies with their length; Next.js streams them in chunks.
      expect(lean.lengthKnown, `${route}: answered on the lean path`).toBe(true);
      expect(viaNext.lengthKnown, `${route}: answered by Next.js`).toBe(false);
      expect({ route, ...lean, lengthKnown: undefined }).toEqual({ route, ...viaNext, lengthKnown: undefined });
      statuses.push(lean.status);
    }
    expect(statuses).toEqual([200, 200, 200, 400, 400, 401, 401, 400, 401]);
  });

  it("shares Next.js's modules: the lean path and Next.js's routes draw on one rate limit per address", async () => {
    const port = await freePort();
    const server = spawn(
      process.execPath,
      ["--import", "tsx", path.join("workers", "web-server.ts"), "--port", String(port), "--hostname", "127.0.0.1"],
      {
        env: {
          ...process.env,
          NODE_ENV: "production",
          NODE_OPTIONS: `--import=${pathToFileURL(path.resolve("workers", "server-only-preload.mjs")).href}`,
          COGNATE_DATA_DIR: inject("dataDir"),
          COGNATE_MASTER_KEY: masterKey,
          COGNATE_SAMPLE: "0",
          COGNATE_RATE_LIMIT_IP: "4",
        },
        stdio: "ignore",
        detached: true,
      },
    );
    const exited = new Promise((r) => server.once("exit", r));
    try {
      const base = `http://127.0.0.1:${port}`;
      // Waits on a static file: API calls would spend the address's tokens.
      for (
        let tries = 0;
        tries < 240 &&
        !(await fetch(`${base}/icon.svg`).then(
          (r) => r.ok,
          () => false,
        ));
        tries++
      )
        await new Promise((r) => setTimeout(r, 500));
      const key = { authorization: `Bearer ${masterKey}` };
      const search = () =>
        fetch(`${base}/api/v1/search`, {
          method: "POST",
          headers: { ...key, "content-type": "application/json" },
          body: JSON.stringify({ query: "telescope", mode: "lexical" }),
        });
      const corpora = () => fetch(`${base}/api/v1/corpora`, { headers: key });
      const statuses: number[] = [];
      for (const call of [search, search, corpora, corpora, corpora]) statuses.push((await call()).status);
      // Four tokens a minute per address in all: the fifth call is refused whichever path it takes.
      expect(statuses).toEqual([200, 200, 200, 200, 429]);
    } finally {
      process.kill(-server.pid!, "SIGTERM");
      await exited;
    }
  });
});
