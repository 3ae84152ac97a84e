import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/** Limits of issue 13 on the work one request may ask for. */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-limits-"));
process.env.COGNATE_DATA_DIR = dataDir;
process.env.COGNATE_SAMPLE = "0";
process.env.COGNATE_RATE_LIMIT_IP = "100000";
process.env.COGNATE_MASTER_KEY = "master-key-for-the-limits-test";
process.env.COGNATE_MAX_UPLOAD_MB = "1";

const similarityRoute = await import("@/app/api/v1/similarity/route");
const searchRoute = await import("@/app/api/v1/search/route");
const documentsRoute = await import("@/app/api/v1/corpora/[id]/documents/route");
const { appServices } = await import("@/lib/app-services");
const { createCorpus, setCorpusPublic } = await import("@/lib/db/queries/corpora");

const base = "http://localhost/api/v1";
const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  new Request(`${base}${url}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
const master = { authorization: "Bearer master-key-for-the-limits-test" };
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("similarity for anonymous callers", () => {
  it("takes far fewer and shorter texts than for accounts and keys", async () => {
    const corpusId = (await createCorpus(appServices().db, { name: "open" })).id;
    await setCorpusPublic(appServices().db, corpusId, true);
    const pairs = (n: number, chars: number) =>
      Array.from({ length: n }, (_, i) => [`${i} `.padEnd(chars, "a"), `${i} `.padEnd(chars, "b")]);

    const many = await similarityRoute.POST(post("/similarity", { corpusId, pairs: pairs(256, 2000) }));
    expect(many.status).toBe(400);
    const body = await many.json();
    expect(body.error.message).toMatch(
      /without logging in, give at most 16 pairs; without logging in, use at most 1000 characters per text/,
    );
    expect(body.error.details[0]).toMatchObject({ path: "pairs" });
    expect(
      (
        await similarityRoute.POST(
          post("/similarity", { corpusId, texts: Array.from({ length: 17 }, (_, i) => `text ${i}`) }),
        )
      ).status,
    ).toBe(400);
    expect((await similarityRoute.POST(post("/similarity", { corpusId, pairs: pairs(1, 1001) }))).status).toBe(400);

    // Within the caps, the request goes on to the model (none here yet: 409 or 404, never 400).
    const small = await similarityRoute.POST(post("/similarity", { corpusId, pairs: pairs(16, 1000) }));
    expect(small.status).not.toBe(400);
    // Keys keep the larger caps.
    expect(
      (await similarityRoute.POST(post("/similarity", { corpusId, pairs: pairs(256, 2000) }, master))).status,
    ).not.toBe(400);
  });
});

describe("search depth", () => {
  it("caps offset at 1,000 (the UI's 100 pages) and k at 100", async () => {
    const res = await searchRoute.GET(new Request(`${base}/search?q=x&offset=10000`, { headers: master }));
    expect(res.status).toBe(400);
    expect((await res.json()).error.details[0]).toMatchObject({ path: "offset" });
    expect((await searchRoute.GET(new Request(`${base}/search?q=x&k=101`, { headers: master }))).status).toBe(400);
    expect(
      (await searchRoute.GET(new Request(`${base}/search?q=x&offset=1000&mode=lexical`, { headers: master }))).status,
    ).toBe(200);
  });
});

describe("chunked uploads", () => {
  it("are refused with 413 once past the limit while streaming, without reading the rest", async () => {
    const corpusId = (await createCorpus(appServices().db, { name: "uploads" })).id;
    const boundary = "cognate-boundary";
    const head = new TextEncoder().encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n`,
    );
    const chunk = new Uint8Array(64 * 1024).fill(97);
    let sent = 0;
    const total = 50 * 1024 * 1024;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(head);
        if (sent >= total) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const request = new Request(`${base}/corpora/${corpusId}/documents`, {
      method: "POST",
      headers: { ...master, "content-type": `multipart/form-data; boundary=${boundary}` },
      body,
      duplex: "half",
    } as RequestInit);
    expect(request.headers.get("content-length")).toBeNull();
    const res = await documentsRoute.POST(request, { params: Promise.resolve({ id: String(corpusId) }) });
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toMatch(/the limit is 1 MiB \(COGNATE_MAX_UPLOAD_MB\)/);
    expect(sent).toBeLessThan(4 * 1024 * 1024);
  });
});
