import { describe, expect, it } from "vitest";
import {
  extent,
  formatTick,
  linearScale,
  linePath,
  nearestIndex,
  niceDomain,
  smooth,
} from "@/components/training/chart-scale";
import { etaSeconds, summarizeRun } from "@/components/training/run-summary";
import { DEFAULT_TRAIN_FORM, fieldOfPath, trainRequestBody } from "@/components/training/train-request";
import { mergePoints } from "@/components/training/use-training-run";
import { stepPoint, type TrainingPoint } from "@/lib/train/history/training-point";

describe("chart scaling", () => {
  it("maps a domain onto pixels, flipping for the y axis, and a flat domain to the middle", () => {
    const y = linearScale([0, 2], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(1)).toBe(100);
    expect(linearScale([5, 5], [0, 100])(5)).toBe(50);
  });

  it("widens domains to round ticks", () => {
    expect(niceDomain(0.13, 0.87, 4)).toEqual({ domain: [0, 1], ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] });
    expect(niceDomain(1, 37, 6).ticks).toEqual([0, 10, 20, 30, 40]);
    expect(niceDomain(0, 200, 6).ticks).toEqual([0, 50, 100, 150, 200]);
    const flat = niceDomain(3, 3);
    expect(flat.domain[0]).toBeLessThan(3);
    expect(flat.domain[1]).toBeGreaterThan(3);
    expect(niceDomain(2e-5, 9e-5, 4).ticks.every((t) => t >= 0 && t <= 1e-4)).toBe(true);
  });

  it("formats ticks, finds extents and nearest points, smooths without bias and breaks lines at gaps", () => {
    expect([0, 12, 250, 12500, 0.05, 0.00002].map(formatTick)).toEqual(["0", "12", "250", "12.5k", "0.05", "2e-5"]);
    expect(extent([null, 3, NaN, -1, undefined, 7])).toEqual([-1, 7]);
    expect(extent([null])).toBeUndefined();
    expect(nearestIndex([1, 5, 10], 7)).toBe(1);
    expect(nearestIndex([1, 5, 10], 8)).toBe(2);
    expect(nearestIndex([], 3)).toBe(-1);
    expect(smooth([4, 4, 4], 0.9)).toEqual([4, 4, 4].map((v) => expect.closeTo(v, 10)));
    expect(smooth([1, 2], 0)).toEqual([1, 2]);
    expect(
      linePath([
        { x: 0, y: 1 },
        { x: 1, y: null },
        { x: 2, y: 3 },
        { x: 3, y: 4 },
      ]),
    ).toBe("M0.0,1.0M2.0,3.0L3.0,4.0");
  });
});

describe("the run summary", () => {
  const points: TrainingPoint[] = [
    {
      ...stepPoint({ step: 0, loss: NaN, lr: 0 }),
      lr: null,
      evalValue: 0.2,
      evalMetric: "ndcg",
      evalMetrics: { ndcg: 0.2 },
    },
    stepPoint({ step: 1, loss: 3, lr: 1e-4, seqPerSec: 10, seconds: 2 }),
    {
      ...stepPoint({ step: 2, loss: 2, lr: 2e-4, seqPerSec: 12, seconds: 4 }),
      evalValue: 0.5,
      evalMetric: "ndcg",
      evalMetrics: { ndcg: 0.5 },
    },
    stepPoint({ step: 3, loss: 1, lr: 1e-4, seconds: 6 }),
  ];

  it("reads the last step, the rate, the best evaluation and the baseline", () => {
    expect(summarizeRun(points)).toEqual({
      lastStep: 3,
      lastLoss: 1,
      lastLr: 1e-4,
      seqPerSec: 12,
      elapsedSeconds: 6,
      best: { step: 2, value: 0.5, metric: "ndcg" },
      baseline: 0.2,
      evaluations: 2,
    });
    expect(summarizeRun([])).toMatchObject({ lastStep: null, best: null, baseline: null });
  });

  it("estimates the time left from the job, else from the pace", () => {
    const s = summarizeRun(points);
    expect(etaSeconds(s, 10, 30)).toBe(30);
    expect(etaSeconds(s, 10, null)).toBe(14);
    expect(etaSeconds(s, 3, null)).toBeNull();
  });

  it("merges live points by step, a newer copy winning", () => {
    const merged = mergePoints(points.slice(0, 3), [{ ...points[2], evalValue: 0.6 }, points[3]]);
    expect(merged.map((p) => p.step)).toEqual([0, 1, 2, 3]);
    expect(merged[2].evalValue).toBe(0.6);
  });
});

describe("the train form's request", () => {
  it("sends nothing but {options: {}} untouched, so the server's defaults apply", () => {
    expect(trainRequestBody(DEFAULT_TRAIN_FORM)).toEqual({ options: {} });
  });

  it("sends the chosen base, sources, pair file and advanced values", () => {
    const body = trainRequestBody({
      ...DEFAULT_TRAIN_FORM,
      base: "scratch",
      sourceMode: "choose",
      sources: ["simcse"],
      pairFile: { name: "p.csv", content: "anchor,positive\na,b\n" },
      negatives: "hard",
      batchSize: " 8 ",
      steps: "x",
      lr: "",
    });
    expect(body).toEqual({
      baseModel: "scratch",
      pairFile: { name: "p.csv", content: "anchor,positive\na,b\n" },
      options: { sources: ["simcse", "file"], negatives: { mode: "hard", perAnchor: 1 }, batchSize: 8, steps: "x" },
    });
  });

  it("points API errors at form fields", () => {
    expect(fieldOfPath("options.batchSize")).toBe("batchSize");
    expect(fieldOfPath("options.negatives.mode")).toBe("negatives");
    expect(fieldOfPath("baseModel")).toBe("customBase");
    expect(fieldOfPath("pairFile.name")).toBe("pairFile");
    expect(fieldOfPath("options.maxGradNorm")).toBe("form");
  });
});
