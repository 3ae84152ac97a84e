import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "./browser";

const baseUrl = inject("baseUrl");
let browser: Browser;
let page: Page;

interface Job {
  id: number;
  type: string;
  status: string;
  modelVersionId: number | null;
}

async function api<T>(route: string, init?: RequestInit): Promise<T> {
  const res = await fetch(`${baseUrl}/api/v1${route}`, init);
  if (!res.ok) throw new Error(`${route}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Points the loss chart shows now. */
const lossPoints = async () => Number((await page.getByTestId("loss-chart").getAttribute("data-points")) ?? 0);

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
});

describe("training from the browser", () => {
  let corpusId: number;
  let sampleJob: Job | undefined;

  it("starts a short run from the corpus page's form, refusing a bad value first", async () => {
    const { corpora } = await api<{ corpora: { id: number; name: string; passageCount: number }[] }>("/corpora");
    corpusId = corpora[0].id;
    await until("the sample corpus to be ingested", async () => (await api<{ corpus: { passageCount: number } }>(`/corpora/${corpusId}`)).corpus.passageCount > 0);
    await page.goto(`${baseUrl}/corpora/${corpusId}`);
    await page.getByTestId("train-panel").locator(":scope > summary").click();
    await page.getByLabel(/From scratch/).check();
    await page.getByText(/^Advanced/).click();
    await page.getByLabel("Batch size (pairs)").fill("1");
    await page.getByLabel("Steps").fill("300");
    await page.getByTestId("start-training").click();
    const error = page.getByTestId("field-error");
    await error.waitFor();
    expect(await error.textContent()).toMatch(/at least 2/);
    expect(await page.getByLabel("Batch size (pairs)").getAttribute("aria-invalid")).toBe("true");

    await page.getByLabel("Batch size (pairs)").fill("4");
    await page.getByTestId("start-training").click();
    await page.waitForURL(/\/models\/\d+$/);
    await page.getByTestId("training-dashboard").waitFor();
    expect(await page.getByTestId("training-settings").textContent()).toContain("4 pairs");
  });

  it("shows the run's curves growing live, cancels it and resumes it from its checkpoint", async () => {
    // One worker trains at a time: pause the sample corpus's own background training so this run starts now.
    const { jobs } = await api<{ jobs: Job[] }>(`/jobs?corpusId=${corpusId}`);
    const versionId = Number(page.url().match(/models\/(\d+)/)![1]);
    sampleJob = jobs.find((j) => j.type === "train" && j.modelVersionId !== versionId && (j.status === "running" || j.status === "queued"));
    if (sampleJob) await api(`/jobs/${sampleJob.id}/cancel`, { method: "POST" });

    await until("the loss chart to show three steps", async () => (await lossPoints()) >= 3, 120_000);
    const first = await lossPoints();
    await until("more points to arrive without a reload", async () => (await lossPoints()) > first);
    expect(await page.locator("[data-testid=loss-chart] svg title").first().textContent()).toBe("Training loss");
    expect(await page.getByTestId("stat-step").textContent()).toMatch(/^\d+ \/ 300$/);
    expect(await page.getByTestId("stat-rate").textContent()).toMatch(/^\d+\.\d$/);
    expect(Number(await page.getByTestId("lr-chart").getAttribute("data-points"))).toBeGreaterThan(0);

    await page.getByTestId("cancel-training").click();
    await until("the run to be cancelled", async () => (await page.getByTestId("training-status").textContent()) === "cancelled");
    const atCancel = await lossPoints();
    await page.getByTestId("resume-training").click();
    await until("the run to resume", async () => ["queued", "running"].includes((await page.getByTestId("training-status").textContent()) ?? ""));
    await until("steps after the checkpoint", async () => (await lossPoints()) > atCancel + 2, 120_000);
    const run = await api<{ job: { status: string; attempts: number } }>(`/models/${versionId}/training`);
    expect(run.job.status).toBe("running");

    // The jobs page links the run's dashboard.
    await page.goto(`${baseUrl}/jobs`);
    await page.locator(`[data-testid=job-training-link][href="/models/${versionId}"]`).first().waitFor();
    await api(`/jobs/${(await api<{ job: { id: number } }>(`/models/${versionId}/training`)).job.id}/cancel`, { method: "POST" });
  });

  afterAll(async () => {
    // Give the sample corpus its training back.
    if (sampleJob) await until("the sample run to stop", async () => (await api<{ job: Job }>(`/jobs/${sampleJob!.id}`)).job.status === "cancelled", 60_000).catch(() => undefined);
    if (sampleJob) await fetch(`${baseUrl}/api/v1/jobs/${sampleJob.id}/resume`, { method: "POST" });
  });
});
