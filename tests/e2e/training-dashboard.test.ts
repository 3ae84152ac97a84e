import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "@/tests/e2e/browser";
import { logIn } from "@/tests/e2e/login";

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
  const res = await fetch(`${baseUrl}/api/v1${route}`, {
    ...init,
    headers: { ...init?.headers, authorization: `Bearer ${inject("masterKey")}` },
  });
  if (!res.ok) throw new Error(`${route}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 90_000,
): Promise<T> {
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

/**
 * A run that trains in milliseconds per step: a one-layer scratch encoder, no warm start, a small
 * evaluation. It has far more steps than the test waits for, so that it is still running when the
 * test cancels it however fast the machine is (the test cancels it at the end, too).
 */
const TINY_STEPS = 20_000;
const TINY_RUN = {
  name: "e2e tiny run",
  baseModel: "scratch",
  options: {
    steps: TINY_STEPS,
    batchSize: 4,
    workers: 0,
    maxLength: 32,
    evalMaxPairs: 16,
    evalEvery: 100,
    checkpointEvery: 10,
    scratch: { vocabSize: 300, hidden: 32, layers: 1, heads: 2, intermediate: 64, warmStart: false },
  },
};

let corpusId: number;
/** Training jobs of other corpora (the sample's, an upload's) paused for these tests. */
let paused: Job[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage();
  await logIn(page, baseUrl, inject("adminEmail"), inject("adminPassword"));
  // One worker trains at a time, and the scratch training that the sample corpus (and any
  // corpus uploaded by another file) gets takes minutes on a busy machine: pause those runs
  // so the runs started here get the worker; they are resumed at the end.
  // The worker creates the sample corpus a moment after the web server answers.
  corpusId = await until(
    "the sample corpus",
    async () => (await api<{ corpora: { id: number }[] }>("/corpora")).corpora[0]?.id,
  );
  await until("the sample corpus's training job", async () =>
    (await api<{ jobs: Job[] }>(`/jobs?corpusId=${corpusId}`)).jobs.find((j) => j.type === "train"),
  );
  paused = (await api<{ jobs: Job[] }>("/jobs?limit=500")).jobs.filter(
    (j) => j.type === "train" && (j.status === "queued" || j.status === "running"),
  );
  for (const job of paused) await api(`/jobs/${job.id}/cancel`, { method: "POST" });
});
afterAll(async () => {
  await browser?.close();
  for (const job of paused) await api(`/jobs/${job.id}/resume`, { method: "POST" });
});

describe("training from the browser", () => {
  it("starts a run from the corpus page's form, refusing a bad value first", async () => {
    await page.goto(`${baseUrl}/corpora/${corpusId}`);
    await page.getByTestId("train-panel").locator(":scope > summary").click();
    // The form offers first what can run here, and says why: scratch exactly when the configured base cannot.
    const note = (await page.getByTestId("base-model-note").textContent()) ?? "";
    expect(await page.getByLabel(/From scratch/).isChecked()).toBe(/starts from scratch/.test(note));
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
    expect(["queued", "running"]).toContain(await page.getByTestId("training-status").textContent());
    // Only the form is under test here: stop the run so the next test's run gets the worker.
    await page.getByTestId("cancel-training").click();
    await page.getByTestId("resume-training").waitFor({ timeout: 120_000 });
  }, 180_000);

  it("shows a run's curves growing live, cancels it and resumes it from its checkpoint; the jobs page links it", async () => {
    const { modelVersion } = await api<{ modelVersion: { id: number } }>(`/corpora/${corpusId}/train`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(TINY_RUN),
    });
    await page.goto(`${baseUrl}/jobs`);
    await page.locator(`[data-testid=job-training-link][href="/models/${modelVersion.id}"]`).click();
    await page.waitForURL(new RegExp(`/models/${modelVersion.id}$`));
    await until("the loss chart to show three steps", async () => (await lossPoints()) >= 3, 240_000);
    const first = await lossPoints();
    await until("more points to arrive without a reload", async () => (await lossPoints()) > first);
    expect(await page.locator("[data-testid=loss-chart] svg title").first().textContent()).toBe("Training loss");
    expect(await page.getByTestId("stat-step").textContent()).toMatch(new RegExp(`^\\d+ / ${TINY_STEPS}$`));
    expect(await page.getByTestId("stat-rate").textContent()).toMatch(/^\d+(\.\d)?$/);
    expect(Number(await page.getByTestId("lr-chart").getAttribute("data-points"))).toBeGreaterThan(0);
    expect(Number(await page.getByTestId("eval-chart").getAttribute("data-points"))).toBeGreaterThan(0);

    await page.getByTestId("cancel-training").click();
    await until(
      "the run to be cancelled",
      async () => (await page.getByTestId("training-status").textContent()) === "cancelled",
      180_000,
    );
    const atCancel = await lossPoints();
    expect(atCancel).toBeLessThan(TINY_STEPS);
    await page.getByTestId("resume-training").click();
    await until("the run to resume", async () =>
      ["queued", "running"].includes((await page.getByTestId("training-status").textContent()) ?? ""),
    );
    await until("steps after the checkpoint", async () => (await lossPoints()) > atCancel + 2, 120_000);
    await api(`/jobs/${(await api<{ job: { id: number } }>(`/models/${modelVersion.id}/training`)).job.id}/cancel`, {
      method: "POST",
    });
  }, 480_000);
});
