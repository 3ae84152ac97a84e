import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminRequest, TEST_MASTER_KEY } from "@/tests/helpers/api-auth";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-api-"));
process.env.COGNATE_DATA_DIR = dataDir;
process.env.COGNATE_MASTER_KEY = TEST_MASTER_KEY;
process.env.COGNATE_MAX_UPLOAD_MB = "1";

const corporaRoute = await import("@/app/api/v1/corpora/route");
const corpusRoute = await import("@/app/api/v1/corpora/[id]/route");
const documentsRoute = await import("@/app/api/v1/corpora/[id]/documents/route");
const searchRoute = await import("@/app/api/v1/search/route");
const jobRoute = await import("@/app/api/v1/jobs/[id]/route");
const cancelRoute = await import("@/app/api/v1/jobs/[id]/cancel/route");
const { appServices } = await import("@/lib/app-services");
const { jobHandlers } = await import("@/lib/jobs/handlers");
const { runWorkerLoop } = await import("@/lib/jobs/worker-loop");

const url = "http://localhost/api/v1";
const json = (method: string, body: unknown) => ({
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});
const params = (id: number | string) => ({ params: Promise.resolve({ id: String(id) }) });
const upload = (id: number, name: string, content: string | Uint8Array, fields: Record<string, string> = {}) => {
  const form = new FormData();
  form.set("file", new File([content as BlobPart], name));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return documentsRoute.POST(
    adminRequest(`${url}/corpora/${id}/documents`, { method: "POST", body: form }),
    params(id),
  );
};
const drain = () =>
  runWorkerLoop(appServices().db, {
    handlers: jobHandlers,
    leaseMs: 5000,
    pollMs: 10,
    signal: new AbortController().signal,
    untilIdle: true,
  });

let corpusId: number;
beforeAll(async () => {
  const res = await corporaRoute.POST(adminRequest(`${url}/corpora`, json("POST", { name: "API corpus" })));
  expect(res.status).toBe(201);
  corpusId = (await res.json()).corpus.id;
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("corpora API", () => {
  it("refuses a duplicate name with 409 and a bad body with field messages", async () => {
    expect((await corporaRoute.POST(adminRequest(`${url}/corpora`, json("POST", { name: "API corpus" })))).status).toBe(
      409,
    );
    const bad = await corporaRoute.POST(adminRequest(`${url}/corpora`, json("POST", { name: 42 })));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.details[0].path).toBe("name");
    const notJson = await corporaRoute.POST(adminRequest(`${url}/corpora`, { method: "POST", body: "{" }));
    expect(notJson.status).toBe(400);
  });

  it("accepts an upload, ingests it and finds it through search", async () => {
    const csv = "title,text,lang\nFirst,The quick brown fox jumps.,en\nSecond,A lazy dog sleeps all day.,en\n";
    const res = await upload(corpusId, "animals.csv", csv);
    expect(res.status).toBe(202);
    const { jobId } = await res.json();
    await drain();
    const job = await (await jobRoute.GET(adminRequest(`${url}/jobs/${jobId}`), params(jobId))).json();
    expect(job.job.status).toBe("succeeded");
    const docs = await (
      await documentsRoute.GET(adminRequest(`${url}/corpora/${corpusId}/documents`), params(corpusId))
    ).json();
    expect(docs.total).toBe(2);
    expect(docs.documents[0].metadata).toEqual({ lang: "en" });
    const found = await (await searchRoute.GET(adminRequest(`${url}/search?q=foxes&corpusId=${corpusId}`))).json();
    expect(found.results.map((r: { documentTitle: string }) => r.documentTitle)).toEqual(["First"]);
    const posted = await (
      await searchRoute.POST(adminRequest(`${url}/search`, json("POST", { query: "dog", corpusId })))
    ).json();
    expect(posted.results[0].documentTitle).toBe("Second");
  });

  it("refuses bad files with the file and line, storing nothing", async () => {
    const before = await (await corpusRoute.GET(adminRequest(`${url}/corpora/${corpusId}`), params(corpusId))).json();
    const cases: [string, string | Uint8Array, RegExp][] = [
      ["broken.jsonl", '{"text": "ok"}\n{"text": nope}\n', /broken\.jsonl, line 2/],
      ["empty.txt", "", /empty/],
      ["binary.txt", new Uint8Array([0, 1, 2, 3, 0, 0, 255, 254]), /binary/],
      ["latin1.txt", new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]), /UTF-8/],
      ["picture.png", "not really", /\.txt/],
      ["missing.csv", "title,body\nA,b\n", /nope/],
    ];
    for (const [name, content, message] of cases) {
      const res = await upload(corpusId, name, content, name === "missing.csv" ? { textColumns: "nope" } : {});
      expect(res.status, name).toBe(400);
      expect((await res.json()).error.message, name).toMatch(message);
    }
    const big = await upload(corpusId, "big.txt", "a".repeat(1024 * 1024 + 10));
    expect([400, 413]).toContain(big.status);
    const after = await (await corpusRoute.GET(adminRequest(`${url}/corpora/${corpusId}`), params(corpusId))).json();
    expect(after.corpus.documentCount).toBe(before.corpus.documentCount);
    expect(after.uploads).toHaveLength(before.uploads.length);
  });

  it("refuses a large malformed file, parsed off the request thread, with 400 naming the file and line", async () => {
    const rows = Array.from(
      { length: 8_000 },
      (_, i) => `${i},"row number ${i} of a file too large to parse on the request thread"`,
    );
    rows.splice(7_000, 0, '7000,"this quote is never closed');
    const res = await upload(corpusId, "large-broken.csv", `id,text\n${rows.join("\n")}\n`);
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/^large-broken\.csv, line 7002: a quoted field starts here/);
  });

  it("validates search input and cancels queued jobs", async () => {
    expect((await searchRoute.GET(adminRequest(`${url}/search?q=`))).status).toBe(400);
    expect((await searchRoute.POST(adminRequest(`${url}/search`, json("POST", { query: "x", k: 1000 })))).status).toBe(
      400,
    );
    const res = await upload(corpusId, "later.txt", "Some text to ingest later.");
    const { jobId } = await res.json();
    const cancelled = await (
      await cancelRoute.POST(adminRequest(`${url}/jobs/${jobId}/cancel`, { method: "POST" }), params(jobId))
    ).json();
    expect(cancelled.job.status).toBe("cancelled");
    expect((await jobRoute.GET(adminRequest(`${url}/jobs/999`), params(999))).status).toBe(404);
    expect((await jobRoute.GET(adminRequest(`${url}/jobs/abc`), params("abc"))).status).toBe(404);
  });

  it("deletes a corpus with its documents", async () => {
    const res = await corpusRoute.DELETE(
      adminRequest(`${url}/corpora/${corpusId}`, { method: "DELETE" }),
      params(corpusId),
    );
    expect(res.status).toBe(204);
    expect((await corpusRoute.GET(adminRequest(`${url}/corpora/${corpusId}`), params(corpusId))).status).toBe(404);
    const found = await (await searchRoute.GET(adminRequest(`${url}/search?q=fox`))).json();
    expect(found.results).toHaveLength(0);
  });
});
