import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCorpus } from "@/lib/db/queries/corpora";
import { liveModelVersion } from "@/lib/db/queries/model-versions";
import { jobHandlers } from "@/lib/jobs/handlers";
import { submitUpload } from "@/lib/ingest/ingest-service";
import { runWorkerLoop } from "@/lib/jobs/worker-loop";
import { createSearchService } from "@/lib/search/search-service";
import { writeTinyModel } from "@/tests/fixtures/tiny-model";
import { tempDatabase } from "@/tests/helpers/temp-db";

const RIVERS = [
  "The river flows past the old mill.",
  "A boat drifts down the river at dawn.",
  "Fish swim under the river bridge.",
  "Rain fills the river after the storm.",
];
const ENGINES = [
  "Engines roar on the race track.",
  "The car drives fast down the road.",
  "A bus stops in the city street.",
  "The train leaves the station at noon.",
];

let t: ReturnType<typeof tempDatabase>;
const corpora: Record<string, number> = {};

beforeAll(async () => {
  t = tempDatabase();
  Object.assign(process.env, t.env);
  for (const [name, seed, lines] of [
    ["rivers", 1, RIVERS],
    ["engines", 2, ENGINES],
  ] as const) {
    const model = path.join(t.dir, `model-${name}`);
    // Two different models: their cosines are on different scales, as real corpora's models are.
    writeTinyModel(model, { seed });
    corpora[name] = (await createCorpus(t.db, { name })).id;
    const cfg = { dataDir: t.dir, maxUploadBytes: 1e6, maxPassageChars: 600, baseModel: `dir:${model}` };
    await submitUpload(t.db, cfg, {
      corpusId: corpora[name],
      fileName: "t.csv",
      bytes: new TextEncoder().encode(`id,text\n${lines.map((l, i) => `${i},"${l}"`).join("\n")}\n`),
    });
  }
  await runWorkerLoop(t.db, {
    handlers: jobHandlers,
    leaseMs: 10_000,
    pollMs: 10,
    signal: new AbortController().signal,
    untilIdle: true,
  });
}, 120_000);
afterAll(() => t.cleanup());

describe("searching all corpora", () => {
  it("merges the corpora's dense lists by rank, and names each result's model", async () => {
    const search = createSearchService(t.db, { indexDir: path.join(t.dir, "indexes") });
    const models = Object.fromEntries(
      await Promise.all(Object.values(corpora).map(async (id) => [id, (await liveModelVersion(t.db, id))!] as const)),
    );
    expect(Object.values(models).every((m) => m?.status === "live")).toBe(true);
    for (const query of [RIVERS[1], ENGINES[2]]) {
      const res = await search.search({ query, mode: "dense", k: 8 });
      expect(res.mode).toBe("dense");
      // Each corpus's own best takes one of the first two places, whatever the other model's scale.
      expect(new Set(res.results.slice(0, 2).map((r) => r.corpusId))).toEqual(new Set(Object.values(corpora)));
      expect(new Set(res.results.slice(2, 4).map((r) => r.corpusId))).toEqual(new Set(Object.values(corpora)));
      expect(res.results.slice(0, 2).map((r) => r.text)).toContain(query);
      for (const r of res.results)
        expect(r.model).toEqual({
          modelVersionId: models[r.corpusId].id,
          name: models[r.corpusId].name,
          source: "dir",
        });
    }
  });

  it("hybrid answers name the model too; keyword answers, which no model ranked, do not", async () => {
    const search = createSearchService(t.db, { indexDir: path.join(t.dir, "indexes") });
    const hybrid = await search.search({ query: "river road", mode: "hybrid", k: 4 });
    expect(hybrid.mode).toBe("hybrid");
    for (const r of hybrid.results)
      expect(r.model?.modelVersionId).toBe((await liveModelVersion(t.db, r.corpusId))!.id);
    const lexical = await search.search({ query: "river road", mode: "lexical", k: 4 });
    expect(lexical.results.length).toBeGreaterThan(0);
    expect(lexical.results.every((r) => r.model === undefined)).toBe(true);
  });
});
