import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminRequest, TEST_MASTER_KEY } from "@/tests/helpers/api-auth";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-sim-"));
process.env.COGNATE_DATA_DIR = dataDir;
process.env.COGNATE_MASTER_KEY = TEST_MASTER_KEY;

const similarityRoute = await import("@/app/api/v1/similarity/route");
const embedRoute = await import("@/app/api/v1/embed/route");
const openapiRoute = await import("@/app/api/v1/openapi.json/route");
const { appServices } = await import("@/lib/app-services");
const { createCorpus } = await import("@/lib/db/queries/corpora");
const { enqueuePrepareModel } = await import("@/lib/pipeline/stage-jobs");
const { jobHandlers } = await import("@/lib/jobs/handlers");
const { runWorkerLoop } = await import("@/lib/jobs/worker-loop");
const { writeTinyModel } = await import("@/tests/fixtures/tiny-model");

const post = (route: { POST: (r: Request) => Promise<Response> }, body: unknown) =>
  route.POST(
    adminRequest(`http://localhost/api/v1/${route === embedRoute ? "embed" : "similarity"}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("similarity and embed API", () => {
  it("says 409 with what to do while no model serves", async () => {
    const res = await post(similarityRoute, { texts: ["a", "b"] });
    expect(res.status).toBe(409);
    expect((await res.json()).error.message).toMatch(/no model serves/);
  });

  describe("with a live model", () => {
    let corpusId: number;
    beforeAll(async () => {
      const { db } = appServices();
      corpusId = (await createCorpus(db, { name: "c" })).id;
      const modelDir = path.join(dataDir, "tiny");
      writeTinyModel(modelDir, { seed: 3 });
      await enqueuePrepareModel(db, { corpusId, spec: `dir:${modelDir}`, promote: true });
      await runWorkerLoop(db, {
        handlers: jobHandlers,
        leaseMs: 10_000,
        pollMs: 10,
        signal: new AbortController().signal,
        untilIdle: true,
      });
    });

    it("returns a symmetric cosine matrix with ones on the diagonal", async () => {
      const res = await post(similarityRoute, {
        texts: ["the river flows", "a river runs", "stars at night"],
        corpusId,
      });
      expect(res.status).toBe(200);
      const { matrix, model } = await res.json();
      expect(model.dim).toBe(32);
      for (let i = 0; i < 3; i++) {
        expect(matrix[i][i]).toBeCloseTo(1, 4);
        for (let j = 0; j < 3; j++) expect(matrix[i][j]).toBeCloseTo(matrix[j][i], 6);
      }
    });

    it("scores pairs consistently with the matrix and with /embed", async () => {
      const pairs = await (await post(similarityRoute, { pairs: [["the river flows", "a river runs"]] })).json();
      const emb = await (await post(embedRoute, { texts: ["the river flows", "a river runs"] })).json();
      const [a, b] = emb.embeddings as number[][];
      expect(a).toHaveLength(32);
      expect(Math.hypot(...a)).toBeCloseTo(1, 5);
      expect(pairs.scores[0]).toBeCloseTo(
        a.reduce((s, x, i) => s + x * b[i], 0),
        5,
      );
    });

    it("validates bodies with field messages", async () => {
      for (const body of [
        { texts: ["only one"] },
        { texts: "x" },
        { pairs: [["a"]] },
        { texts: ["a", ""] },
        { texts: ["a", "b"], extra: 1 },
      ]) {
        const res = await post(similarityRoute, body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect((await res.json()).error.message).toMatch(/invalid request/);
      }
      expect((await post(embedRoute, { texts: Array(300).fill("x") })).status).toBe(400);
    });
  });

  it("describes every route in the OpenAPI document", async () => {
    const doc = await (await openapiRoute.GET(adminRequest("http://localhost/api/v1/openapi.json"))).json();
    expect(doc.openapi).toBe("3.1.0");
    const routes = (fs.readdirSync("app/api/v1", { recursive: true }) as string[])
      .filter((f) => path.basename(f) === "route.ts")
      .map((f) => "/api/v1/" + path.dirname(f).replace(/\[(\w+)\]/g, "{$1}"))
      .filter((p) => p !== "/api/v1/openapi.json");
    for (const route of routes) expect(Object.keys(doc.paths), route).toContain(route);
  });
});
