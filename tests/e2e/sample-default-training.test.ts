import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { closeDatabase, openDatabase } from "@/lib/db/client";
import { latestClusterRun } from "@/lib/db/queries/clusters";
import { liveModelVersion } from "@/lib/db/queries/model-versions";
import { heldOutReportOf } from "@/lib/eval/held-out-report";
import { SAMPLE_CORPUS_NAME } from "@/lib/sample/sample-corpus";
import { launchBrowser } from "@/tests/e2e/browser";
import { logIn } from "@/tests/e2e/login";

const baseUrl = inject("baseUrl");
let browser: Browser;

async function api<T>(route: string): Promise<T> {
  const res = await fetch(`${baseUrl}/api/v1${route}`, { headers: { authorization: `Bearer ${inject("masterKey")}` } });
  if (!res.ok) throw new Error(`${route}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

/** Waits until the corpus has a cluster job that succeeded after its training and indexing (the first start's whole pipeline). */
async function waitForPipeline(corpusId: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { jobs } = await api<{ jobs: { type: string; status: string; error: string | null }[] }>(
      `/jobs?corpusId=${corpusId}&limit=50`,
    );
    const failed = jobs.find((j) => j.status === "failed");
    if (failed) throw new Error(`${failed.type} job failed: ${failed.error}`);
    const done = (type: string) => jobs.some((j) => j.type === type && j.status === "succeeded");
    if (
      done("train") &&
      done("index") &&
      done("cluster") &&
      jobs.every((j) => j.status !== "running" && j.status !== "queued")
    )
      return;
    if (Date.now() > deadline) throw new Error(`the sample corpus's pipeline did not finish: ${JSON.stringify(jobs)}`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("the sample corpus, trained offline by default on first start", () => {
  it(
    "gets 6 to 10 clusters for its eight topics and a model that beats BM25 on its held-out titles",
    { timeout: 900_000 },
    async () => {
      const { corpora } = await api<{ corpora: { id: number; name: string }[] }>("/corpora");
      const sample = corpora.find((c) => c.name === SAMPLE_CORPUS_NAME);
      expect(sample).toBeDefined();
      await waitForPipeline(sample!.id, 840_000);

      const db = openDatabase(path.join(inject("dataDir"), "cognate.db"));
      try {
        const live = (await liveModelVersion(db, sample!.id))!;
        expect(live.source).toBe("scratch");
        const run = (await latestClusterRun(db, sample!.id))!;
        expect(run.clusterCount).toBeGreaterThanOrEqual(6);
        expect(run.clusterCount).toBeLessThanOrEqual(10);
        const report = heldOutReportOf(live.metrics)!;
        const bm25 = report.baselines.retrieval!.bm25.mrr;
        const trained = report.trained.retrieval!;
        expect(Math.max(trained.dense.mrr, trained.hybrid.mrr)).toBeGreaterThan(bm25);
      } finally {
        await closeDatabase(db);
      }

      // The model page says why each setting was chosen.
      const page = await browser.newPage();
      await logIn(page, baseUrl, inject("adminEmail"), inject("adminPassword"), `/corpora/${sample!.id}`);
      await page.goto(`${baseUrl}/corpora/${sample!.id}`);
      await page.locator('[data-testid="recipe"] summary').first().click();
      await page.locator('[data-testid="recipe"] li').first().waitFor({ state: "visible" });
      expect(await page.locator('[data-testid="recipe"] li').first().textContent()).toMatch(/\w+.*: /);
      await page.close();
    },
  );
});
