import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { csvCorpus } from "@/tests/fixtures/csv-corpus";
import { launchBrowser } from "./browser";
import { logIn } from "./login";

const baseUrl = inject("baseUrl");
const masterKey = inject("masterKey");
let browser: Browser;
let page: Page;
const files = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-e2e-files-"));

async function api<T>(route: string, init?: RequestInit): Promise<T> {
  const res = await fetch(`${baseUrl}/api/v1${route}`, { ...init, headers: { ...init?.headers, authorization: `Bearer ${masterKey}` } });
  if (!res.ok) throw new Error(`${route}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

async function waitForJobs(corpusId: number, type = "ingest", timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = await api<{ jobs: { type: string; status: string; error: string | null }[] }>(`/jobs?corpusId=${corpusId}`);
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
});
