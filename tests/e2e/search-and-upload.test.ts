import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { sampleDocuments } from "@/lib/sample/sample-corpus";
import { csvCorpus } from "@/tests/fixtures/csv-corpus";
import { launchBrowser } from "@/tests/e2e/browser";
import { logIn } from "@/tests/e2e/login";

const baseUrl = inject("baseUrl");
const masterKey = inject("masterKey");
let browser: Browser;
let page: Page;
const files = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-e2e-files-"));

async function api<T>(route: string, init?: RequestInit): Promise<T> {
  const res = await fetch(`${baseUrl}/api/v1${route}`, {
    ...init,
    headers: { ...init?.headers, authorization: `Bearer ${masterKey}` },
  });
  if (!res.ok) throw new Error(`${route}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

async function waitForJobs(corpusId: number, type = "ingest", timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = await api<{ jobs: { type: string; status: string; error: string | null }[] }>(
      `/jobs?corpusId=${corpusId}`,
    );
    const jobs = all.jobs.filter((j) => j.type === type);
    if (jobs.length && jobs.every((j) => j.status === "succeeded")) return;
    const failed = jobs.find((j) => j.status === "failed");
    if (failed) throw new Error(`job failed: ${failed.error}`);
    if (Date.now() > deadline) throw new Error(`jobs of corpus ${corpusId} did not finish: ${JSON.stringify(jobs)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage();
  await logIn(page, baseUrl, inject("adminEmail"), inject("adminPassword"));
});
afterAll(async () => {
  await browser?.close();
  fs.rmSync(files, { recursive: true, force: true });
});

describe("Cognate in the browser", () => {
  it("serves the sample corpus, searchable with highlighted hits", async () => {
    const { corpora } = await api<{ corpora: { id: number; name: string }[] }>("/corpora");
    expect(corpora.length).toBe(1);
    await waitForJobs(corpora[0].id);
    await page.goto(baseUrl);
    await page.getByTestId("search-input").fill("telescope mirror");
    await page.getByTestId("search-input").press("Enter");
    await page.getByTestId("search-result").first().waitFor();
    expect(await page.getByTestId("search-result").count()).toBeGreaterThan(0);
    const marked = await page.locator("[data-testid=search-result] mark").first().textContent();
    expect(marked?.toLowerCase()).toMatch(/telescope|mirror/);
  });

  it("uploads a CSV through the browser, shows progress, and makes it searchable", async () => {
    await page.goto(`${baseUrl}/corpora`);
    await page.getByLabel(/name/i).first().fill("Browser upload");
    await page.getByRole("button", { name: /create/i }).click();
    // Creating a corpus opens it.
    await page.waitForURL(/\/corpora\/\d+/);
    const corpusId = Number(page.url().match(/corpora\/(\d+)/)![1]);

    const csvPath = path.join(files, "articles.csv");
    fs.writeFileSync(csvPath, csvCorpus(5000));
    await page.getByTestId("upload-input").setInputFiles(csvPath);
    await page.getByRole("checkbox", { name: "body" }).check();
    await page.getByRole("button", { name: /^upload/i }).click();
    await page.getByTestId("upload-progress").first().waitFor();
    await waitForJobs(corpusId);
    const { corpus } = await api<{ corpus: { documentCount: number; passageCount: number } }>(`/corpora/${corpusId}`);
    expect(corpus).toMatchObject({ documentCount: 5000, passageCount: 4500 });

    await page.goto(`${baseUrl}/?q=token4321&corpus=${corpusId}&mode=lexical`);
    const hit = page.getByTestId("search-result").first();
    await hit.waitFor();
    expect(await hit.locator("mark").first().textContent()).toBe("token4321");
    expect(await hit.textContent()).toContain("Article 4321");
  });

  it("refuses a malformed CSV with its line number and leaves the corpus unchanged", async () => {
    const { corpora } = await api<{ corpora: { id: number; name: string; documentCount: number }[] }>("/corpora");
    const target = corpora.find((c) => c.name === "Browser upload")!;
    await page.goto(`${baseUrl}/corpora/${target.id}`);
    const badPath = path.join(files, "broken.csv");
    fs.writeFileSync(badPath, 'title,body\nA,"fine"\nB,"fine too"\nC,"one too many",columns\nD,"more"\n');
    await page.getByTestId("upload-input").setInputFiles(badPath);
    // The browser reads the file first (the preview says the columns could not be read), then offers the upload.
    await page.getByRole("button", { name: /^upload/i }).click();
    const error = page.getByTestId("upload-error");
    await error.waitFor();
    expect(await error.textContent()).toMatch(/broken\.csv, line 4/);
    const { corpus } = await api<{ corpus: { documentCount: number } }>(`/corpora/${target.id}`);
    expect(corpus.documentCount).toBe(target.documentCount);
  });

  it("embeds an upload into the live model's index; a query with no shared words finds passages on its topic by meaning", async () => {
    const { corpora } = await api<{ corpora: { id: number; name: string }[] }>("/corpora");
    const sample = corpora.find((c) => c.name.startsWith("Sample"))!;
    // Offline, the sample corpus's model is trained from scratch on it in the background: minutes.
    await waitForJobs(sample.id, "index", 900_000);

    await page.goto(`${baseUrl}/corpora/${sample.id}`);
    const notePath = path.join(files, "lighthouse.txt");
    const note =
      "Lighthouse keepers once trimmed wicks nightly so that passing ships could steer clear of rocky shoals.";
    fs.writeFileSync(notePath, `${note}\n`);
    await page.getByTestId("upload-input").setInputFiles(notePath);
    await page.getByRole("button", { name: /^upload/i }).click();
    await waitForJobs(sample.id, "ingest");
    await waitForJobs(sample.id, "index");
    // The new passage is in the dense index: its own text finds it first, once the web server has
    // picked up the index's new save (it looks for one every few seconds).
    const ownQuery = `/search?${new URLSearchParams({ q: note, mode: "dense", corpusId: String(sample.id), k: "1" })}`;
    const deadline = Date.now() + 60_000;
    let own = await api<{ mode: string; results: { text: string }[] }>(ownQuery);
    while (own.results[0]?.text !== note && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      own = await api(ownQuery);
    }
    expect(own.mode).toBe("dense");
    expect(own.results[0].text).toBe(note);

    // "encryption" occurs in a few networking articles only: the model has learned what it goes with.
    const query = "encryption password";
    const { results } = await api<{ results: { text: string; documentTitle: string }[] }>(
      `/search?${new URLSearchParams({ q: query, mode: "dense", corpusId: String(sample.id), k: "3" })}`,
    );
    const networking = sampleDocuments()
      .filter((d) => d.topic === "networking")
      .map((d) => d.title);
    const words = (text: string) => new Set(text.toLowerCase().match(/\p{L}+/gu));
    const noSharedWord = results.find((r) => [...words(query)].every((w) => !words(r.text).has(w)));
    expect(noSharedWord, "no passage without the query's words in the top 3").toBeDefined();
    expect(networking).toContain(results[0].documentTitle);
    expect(networking).toContain(noSharedWord!.documentTitle);
    await page.goto(`${baseUrl}/?${new URLSearchParams({ q: query, mode: "dense", corpus: String(sample.id) })}`);
    const top = page.getByTestId("search-result").first();
    await top.waitFor();
    expect(await top.textContent()).toContain(results[0].documentTitle);
  }, 1_200_000);
});
