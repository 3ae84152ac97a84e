import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "@/tests/e2e/browser";

const baseUrl = inject("baseUrl");
let browser: Browser;
let context: BrowserContext;
let page: Page;
let corpusId: number | undefined;
const shots = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-e2e-zh-"));

/** A Chinese Markdown tutorial: the words sit inside longer runs of Han characters, not between punctuation. */
const TUTORIAL = [
  "# 对比学习教程",
  "对比学习的目标是让相似的句子在向量空间中靠近。",
  "训练模型时，每个锚点句子需要一个正样本和若干负样本。",
  "困难负样本挖掘从索引中找出与锚点最像的负样本，负样本越难，模型学到的边界越清楚。",
  "温度参数控制相似度分布的尖锐程度。",
  "大模型化是近年的趋势，但小模型在本地部署时更快。",
].join("\n\n");

async function api<T>(route: string, init?: RequestInit): Promise<T> {
  const res = await fetch(`${baseUrl}/api/v1${route}`, {
    ...init,
    headers: { ...init?.headers, authorization: `Bearer ${inject("masterKey")}` },
  });
  if (!res.ok) throw new Error(`${route}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

async function waitForIngest(timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { jobs } = await api<{ jobs: { type: string; status: string; error: string | null }[] }>(
      `/jobs?corpusId=${corpusId}`,
    );
    const ingest = jobs.filter((j) => j.type === "ingest");
    if (ingest.some((j) => j.status === "failed")) throw new Error(`ingest failed: ${JSON.stringify(ingest)}`);
    if (ingest.length && ingest.every((j) => j.status === "succeeded")) return;
    if (Date.now() > deadline) throw new Error("the Chinese upload was not ingested in time");
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Job statuses as the API names them: the interface must show them in Chinese. */
const ENGLISH_STATUSES = ["queued", "running", "succeeded", "failed", "cancelled", "cancelling"];

/**
 * Opens a page (a path on the app) and checks that it is in Chinese: the html lang, and none of
 * the given English interface strings (the ones the page used to hard-code) in its text, its
 * labels, titles or placeholders. Data (document titles, model names, API descriptions) may stay English.
 */
async function visit(route: string, english: string[]) {
  await page.goto(`${baseUrl}${route}`);
  expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
  const shown = await page.evaluate(() => {
    const body = document.body.cloneNode(true) as HTMLElement;
    body.querySelectorAll("script, style, template").forEach((e) => e.remove());
    const attributes = [...body.querySelectorAll("[aria-label], [title], [placeholder]")].flatMap((e) =>
      ["aria-label", "title", "placeholder"].map((a) => e.getAttribute(a) ?? ""),
    );
    return [body.textContent ?? "", ...attributes].join("\n");
  });
  expect(shown, route).toMatch(/[\u4e00-\u9fff]/);
  expect(
    english.filter((s) => shown.includes(s)),
    route,
  ).toEqual([]);
}

/** The dates the page shows (its `<time>` elements) are written the Chinese way ("2026年3月3日"), never "3 Mar 2026". */
async function expectChineseDates(route: string) {
  const dates = await page.locator("time").allTextContents();
  expect(dates.length, route).toBeGreaterThan(0);
  for (const date of dates) expect(date, route).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日/);
}

beforeAll(async () => {
  browser = await launchBrowser();
  // Chromium sends Accept-Language: zh-CN for this locale, as a browser set to Chinese does.
  context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  const { corpus } = await api<{ corpus: { id: number } }>("/corpora", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "中文教程" }),
  });
  corpusId = corpus.id;
  const form = new FormData();
  form.set("file", new File([TUTORIAL], "tutorial.md", { type: "text/markdown" }));
  await api(`/corpora/${corpusId}/documents`, { method: "POST", body: form });
  await waitForIngest();
});
afterAll(async () => {
  await browser?.close();
  // The other end-to-end files expect only the sample corpus and their own.
  if (corpusId)
    await fetch(`${baseUrl}/api/v1/corpora/${corpusId}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${inject("masterKey")}` },
    });
  fs.rmSync(shots, { recursive: true, force: true });
});

describe("Cognate for a browser that asks for Chinese", () => {
  it("logs in through the login page in Chinese", async () => {
    await page.goto(`${baseUrl}/login?next=/`);
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    await page.getByLabel("邮箱").fill(inject("adminEmail"));
    await page.getByLabel("密码").fill(inject("adminPassword"));
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL((url) => url.pathname === "/");
  });

  it("renders the search page in Chinese and finds every passage holding a two-character word, highlighted", async () => {
    await page.goto(`${baseUrl}/?${new URLSearchParams({ q: "模型", corpus: String(corpusId), mode: "lexical" })}`);
    await page.getByTestId("search-result").first().waitFor();
    const nav = await page.getByRole("navigation").first().textContent();
    for (const word of ["搜索", "语料库", "探索", "相似度", "任务"]) expect(nav).toContain(word);
    expect(await page.getByRole("heading", { level: 1 }).first().textContent()).toBe("搜索");
    // Short paragraphs share a passage: count occurrences, every one must be found and highlighted.
    const occurrences = TUTORIAL.split("模型").length - 1;
    const marks = await page.locator("[data-testid=search-result] mark").allTextContents();
    expect(marks).toEqual(Array.from({ length: occurrences }, () => "模型"));
    await page.goto(`${baseUrl}/?${new URLSearchParams({ q: "负样本", corpus: String(corpusId), mode: "lexical" })}`);
    await page.getByTestId("search-result").first().waitFor();
    expect(await page.locator("[data-testid=search-result] mark").allTextContents()).toEqual(
      Array.from({ length: TUTORIAL.split("负样本").length - 1 }, () => "负样本"),
    );
    const shot = await page.screenshot({ path: path.join(shots, "search-zh.png"), fullPage: true });
    expect(shot.byteLength).toBeGreaterThan(10_000);
  });

  it("shows every other page in Chinese, with none of the interface's English strings left", async () => {
    await visit(`/corpora/${corpusId}`, [
      "Search this corpus",
      "Explore clusters",
      "Delete corpus",
      "Upload documents",
      "Drag a file here",
      "Choose file",
      "Uploaded",
      "Duplicates",
      "Make private",
      "Make public",
      "Uploads, training and deleting",
      "Train a model",
      "Semantic search uses",
      "No model serves this corpus yet",
      "Document pages",
      "Start training",
      "Pair sources",
      // Built in code: the model card's sentences and labels, and dates.
      "Trained for",
      "after training",
      "Sentence similarity",
      "the local folder",
    ]);
    expect(await page.locator("body").textContent()).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    expect(await page.getByRole("heading", { level: 2, name: "上传文档" }).count()).toBe(1);
    await page.screenshot({ path: path.join(shots, "corpus-zh.png"), fullPage: true });
    await page.getByTestId("document-row").first().getByRole("link").click();
    await page.waitForURL(/\/documents\/\d+/);
    await visit(page.url().replace(baseUrl, ""), ["Details", "Language", "Added", "Metadata", "Also as", "characters"]);
    await expectChineseDates("document");
    expect(await page.getByTestId("document-language").textContent()).toMatch(/中文/);
    await visit(`/corpora/${corpusId}/clusters`, [
      "Clusters of",
      "What the corpus is about",
      "No model yet",
      "Not clustered yet",
      "Clustering starts by itself",
      "Cluster again",
    ]);
    await visit("/jobs", ["Recent jobs", "Training dashboard:", "items/s", "Cancelling…"]);
    await expectChineseDates("/jobs");
    const statuses = await page.getByTestId("job-status").allTextContents();
    expect(statuses.length).toBeGreaterThan(0);
    for (const status of statuses) expect(ENGLISH_STATUSES).not.toContain(status);
    await visit("/admin", [
      "Accounts",
      "API keys",
      "New account",
      "New key",
      "Audit log",
      "First password",
      "Create account",
      "Create key",
      "Last used",
      "Revoke",
    ]);
    await visit("/similarity", ["A model is being prepared", "No model serves yet", "Compare texts", "Add text"]);
    await visit("/api-docs", [
      "Try it",
      "Ready to paste into a terminal",
      "Request body",
      "Other fields are rejected",
      "Copy the",
    ]);
    await visit("/documents/999999999", ["Page not found", "Go to search", "Browse corpora"]);
    const { jobs } = await api<{ jobs: { type: string; modelVersionId: number | null }[] }>("/jobs");
    const trained = jobs.find((j) => j.type === "train" && j.modelVersionId !== null);
    if (trained)
      await visit(`/models/${trained.modelVersionId}`, [
        "Run status",
        "Model version",
        "Curves",
        "Training loss",
        "Learning rate",
        "Throughput",
        "Base model",
        // Built in code: the settings' values and the held-out evaluation.
        "(learnt)",
        "for a pretrained base",
        "5e-4 from scratch",
        "re-mined every",
        "Search by meaning",
        "Keywords (BM25)",
        "Word overlap (TF-IDF)",
        "(serving then)",
      ]);
  });

  it("switches to English from the header and stays there", async () => {
    await page.goto(`${baseUrl}/`);
    await page.getByRole("heading", { level: 1, name: "搜索" }).waitFor();
    await page.getByTestId("language-switch").selectOption("en");
    await page.getByRole("heading", { level: 1, name: "Search" }).waitFor();
    await page.reload();
    expect(await page.getByRole("heading", { level: 1 }).first().textContent()).toBe("Search");
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
  });
});
