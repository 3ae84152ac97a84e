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

  it("starts a run from the corpus page's form (refusing a bad value first), then cancels and resumes it while it waits", async () => {
    const { corpora } = await api<{ corpora: { id: number }[] }>("/corpora");
    corpusId = corpora[0].id;
    await until("the sample corpus to be ingested", async () => (await api<{ corpus: { passageCount: number } }>(`/corpora/${corpusId}`)).corpus.passageCount > 0);
    // The sample corpus trains its own model in the background: this run waits behind it.
    await until("the sample corpus's training job", async () => (await api<{ jobs: Job[] }>(`/jobs?corpusId=${corpusId}`)).jobs.some((j) => j.type === "train"));
    await page.goto(`${baseUrl}/corpora/${corpusId}`);
    await page.getByTestId("train-panel").locator(":scope > summary").click();
    await page.getByLabel(/From scratch/).check();
    await page.getByText(/^Advanced/).click();
    await page.getByLabel("Batch size (pairs)").fill("1");
    await page.getByLabel("Steps").fill("30");
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
    expect(await page.getByTestId("training-status").textContent()).toBe("queued");

    await page.getByTestId("cancel-training").click();
    await until("the queued run to be cancelled", async () => (await page.getByTestId("training-status").textContent()) === "cancelled");
    await page.getByTestId("resume-training").click();
    await until("the run to be queued again", async () => (await page.getByTestId("training-status").textContent()) === "queued");
    await page.getByTestId("cancel-training").click();
    await until("the run to be cancelled again", async () => (await page.getByTestId("training-status").textContent()) === "cancelled");
  });

  it("follows the sample corpus's training live from the models section: curves grow without a reload; cancel and resume", async () => {
    const { jobs } = await api<{ jobs: Job[] }>(`/jobs?corpusId=${corpusId}`);
    const sample = jobs.filter((j) => j.type === "train").sort((a, b) => a.id - b.id)[0];
    await page.goto(`${baseUrl}/corpora/${corpusId}`);
    await page.locator(`[data-testid=training-run-link][href="/models/${sample.modelVersionId}"]`).click();
    await page.waitForURL(/\/models\/\d+$/);
    const versionId = Number(page.url().match(/models\/(\d+)/)![1]);
    let said = 0;
    await until(
      "the loss chart to show two steps",
      async () => {
        if (Date.now() - said > 10_000) {
          said = Date.now();
          console.log(`[e2e] sample training: ${(await api<{ job: { message: string } }>(`/models/${versionId}/training`)).job.message}`);
        }
        return (await lossPoints()) >= 2;
      },
      150_000,
    );
    expect(await page.locator("[data-testid=loss-chart] svg title").first().textContent()).toBe("Training loss");
    expect(await page.getByTestId("stat-step").textContent()).toMatch(/^\d+ \/ \d+$/);
    expect(Number(await page.getByTestId("lr-chart").getAttribute("data-points"))).toBeGreaterThan(0);
    if ((await page.getByTestId("training-status").textContent()) !== "running") return; // a short run may be over already

    const first = await lossPoints();
    await until("more points to arrive without a reload", async () => (await lossPoints()) > first || (await page.getByTestId("training-status").textContent()) !== "running");
    if ((await page.getByTestId("training-status").textContent()) !== "running") return;
    await page.getByTestId("cancel-training").click();
    await until("the run to be cancelled", async () => (await page.getByTestId("training-status").textContent()) === "cancelled");
    const atCancel = await lossPoints();
    await page.getByTestId("resume-training").click();
    await until("the run to resume", async () => ["queued", "running"].includes((await page.getByTestId("training-status").textContent()) ?? ""));
    await until("steps after the checkpoint", async () => (await lossPoints()) > atCancel || (await page.getByTestId("training-status").textContent()) === "succeeded", 150_000);
    const run = await api<{ job: { status: string; message: string } }>(`/models/${versionId}/training`);
    expect(["running", "succeeded"]).toContain(run.job.status);

    // The jobs page links the run's dashboard.
    await page.goto(`${baseUrl}/jobs`);
    await page.locator(`[data-testid=job-training-link][href="/models/${versionId}"]`).first().waitFor();
  });
});
