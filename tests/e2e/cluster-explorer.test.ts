import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { closeDatabase, openDatabase } from "@/lib/db/client";
import { enqueuePrepareModel } from "@/lib/pipeline/stage-jobs";
import { writeTinyModel } from "@/tests/fixtures/tiny-model";
import { launchBrowser } from "@/tests/e2e/browser";
import { logIn } from "@/tests/e2e/login";

const baseUrl = inject("baseUrl");
const dataDir = inject("dataDir");
let browser: Browser;
let page: Page;
let corpusId: number;
const files = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-e2e-cluster-"));

const TOPICS: Record<string, string[]> = {
  astronomy: ["telescope", "galaxy", "orbit", "planet", "comet", "nebula"],
  baking: ["bread", "oven", "flour", "butter", "dough", "yeast"],
  cycling: ["bicycle", "saddle", "gear", "pedal", "helmet", "climb"],
};

async function api<T>(route: string, init?: RequestInit): Promise<T> {
  const res = await fetch(`${baseUrl}/api/v1${route}`, {
    ...init,
    headers: { ...init?.headers, authorization: `Bearer ${inject("masterKey")}` },
  });
  if (!res.ok) throw new Error(`${route}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

/** Waits until every job of `type` of the corpus succeeded (and at least one exists). */
async function waitForJobs(type: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { jobs } = await api<{ jobs: { type: string; status: string; error: string | null }[] }>(
      `/jobs?corpusId=${corpusId}`,
    );
    const mine = jobs.filter((j) => j.type === type);
    const failed = mine.find((j) => j.status === "failed");
    if (failed) throw new Error(`${type} job failed: ${failed.error}`);
    if (mine.length && mine.every((j) => j.status === "succeeded")) return;
    if (Date.now() > deadline)
      throw new Error(`${type} jobs of corpus ${corpusId} did not finish: ${JSON.stringify(jobs)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A small corpus of three topics with a tiny model of its own, so the test need not wait for the sample corpus's training. */
async function clusteredCorpus(): Promise<number> {
  const { corpus } = await api<{ corpus: { id: number } }>("/corpora", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "Cluster explorer" }),
  });
  corpusId = corpus.id;
  const rows = Object.entries(TOPICS).flatMap(([topic, words]) =>
    Array.from(
      { length: 30 },
      (_, i) =>
        `"${topic} note ${i}","The ${words[i % 6]} and the ${words[(i + 1) % 6]} beside the ${words[(i + 3) % 6]}, note ${topic} ${i}."`,
    ),
  );
  const form = new FormData();
  form.set("file", new File([`title,body\n${rows.join("\n")}\n`], "topics.csv", { type: "text/csv" }));
  form.set("textColumns", "body");
  form.set("titleColumn", "title");
  await api(`/corpora/${corpusId}/documents`, { method: "POST", body: form });
  await waitForJobs("ingest", 120_000);
  const modelDir = path.join(files, "tiny-model");
  writeTinyModel(modelDir, { seed: 11 });
  const db = openDatabase(path.join(dataDir, "cognate.db"));
  await enqueuePrepareModel(db, { corpusId, spec: `dir:${modelDir}`, promote: true });
  await closeDatabase(db);
  await waitForJobs("cluster", 300_000);
  return corpusId;
}

/** Variance of the grey levels of a PNG, measured by the browser itself (it decodes PNGs). */
function pixelVariance(target: Page, png: Buffer): Promise<number> {
  return target.evaluate(async (b64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${b64}`;
    await image.decode();
    const canvas = document.createElement("canvas");
    [canvas.width, canvas.height] = [image.width, image.height];
    const ctx = canvas.getContext("2d")!;
    ctx.drawImage(image, 0, 0);
    const { data } = ctx.getImageData(0, 0, image.width, image.height);
    let [sum, sq] = [0, 0];
    for (let i = 0; i < data.length; i += 4) {
      const grey = (data[i] + data[i + 1] + data[i + 2]) / 3;
      sum += grey;
      sq += grey * grey;
    }
    const n = data.length / 4;
    return sq / n - (sum / n) ** 2;
  }, png.toString("base64"));
}

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await logIn(page, baseUrl, inject("adminEmail"), inject("adminPassword"));
  await clusteredCorpus();
}, 480_000);
afterAll(async () => {
  await browser?.close();
  // The other end-to-end files expect only the sample corpus and their own.
  if (corpusId)
    await fetch(`${baseUrl}/api/v1/corpora/${corpusId}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${inject("masterKey")}` },
    });
  fs.rmSync(files, { recursive: true, force: true });
});

describe("cluster explorer in the browser", () => {
  it("draws the map with WebGL (a canvas that is not blank)", async () => {
    await page.goto(`${baseUrl}/corpora/${corpusId}/clusters`);
    await page.locator("[data-testid=cluster-map][data-state=ready]").waitFor({ timeout: 60_000 });
    const shot = await page.getByTestId("cluster-map-canvas").screenshot();
    expect(await pixelVariance(page, shot)).toBeGreaterThan(5);
  });

  it("shows a passage's text when hovering over its point, and lists it when clicked", async () => {
    const map = await api<{ passageIds: number[]; x: number[]; y: number[] }>(
      `/corpora/${corpusId}/clusters/map?format=json`,
    );
    const box = (await page.getByTestId("cluster-map-canvas").boundingBox())!;
    // The initial camera shows clip space as is, x divided by the canvas's aspect ratio.
    const at = (i: number) => ({
      x: box.x + (box.width * (map.x[i] / (box.width / box.height) + 1)) / 2,
      y: box.y + box.height * (0.5 - map.y[i] / 2),
    });
    // Points of near-identical passages overlap; whichever the pointer lands on must show its own text.
    const { passages } = await api<{ passages: { text: string; documentTitle: string }[] }>(
      `/corpora/${corpusId}/passages?ids=${map.passageIds.join(",")}`,
    );
    const isPassage = (shown: string | null) =>
      passages.some((p) => shown?.includes(p.documentTitle) && shown.includes(p.text.slice(0, 40)));
    await page.mouse.move(at(0).x + 40, at(0).y + 40);
    await page.mouse.move(at(0).x, at(0).y, { steps: 4 });
    const tooltip = page.getByTestId("map-hover");
    await tooltip.getByText(/ note \d+$/).waitFor({ timeout: 10_000 });
    expect(isPassage(await tooltip.textContent())).toBe(true);

    await page.mouse.click(at(0).x, at(0).y);
    const selected = page.getByTestId("map-selected-passage");
    await selected.first().waitFor({ timeout: 10_000 });
    expect(isPassage(await selected.first().textContent())).toBe(true);
    expect(await selected.first().locator("a").getAttribute("href")).toMatch(/^\/documents\/\d+#p-\d+$/);
  });

  it("highlights search results on the map and lists them", async () => {
    await page.getByTestId("map-search").fill("telescope");
    await page.getByTestId("map-search").press("Enter");
    const panel = page.getByTestId("map-selection");
    await panel.getByText(/Search results on the map/).waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("map-selected-passage").count()).toBeGreaterThan(0);
  });

  it("lists clusters with keywords, each linking to its members", async () => {
    const rows = page.getByTestId("cluster-row");
    expect(await rows.count()).toBeGreaterThanOrEqual(2);
    const link = page.getByTestId("cluster-link").first();
    const name = (await link.textContent())!;
    await link.click();
    await page.waitForURL(/\/corpora\/\d+\/clusters\/\d+$/);
    await page.getByRole("heading", { level: 1, name }).waitFor();
    expect(await page.getByTestId("cluster-member").count()).toBeGreaterThan(0);
    expect(await page.getByText(/Silhouette of the clustering/).count()).toBe(1);
  });
});
