import { describe, expect, it } from "vitest";
import { downsamplePoints, stepPoint, type TrainingPoint } from "@/lib/train/history/training-point";

const steps = (n: number): TrainingPoint[] =>
  Array.from({ length: n }, (_, i) => stepPoint({ step: i + 1, loss: 10 - i / n, lr: 1e-3, seqPerSec: 5 }));
const withEval = (p: TrainingPoint, value: number): TrainingPoint => ({
  ...p,
  evalValue: value,
  evalMetric: "ndcg",
  evalMetrics: { ndcg: value },
});

describe("training history points", () => {
  it("keeps a short history as it is", () => {
    const points = steps(10);
    expect(downsamplePoints(points, 100)).toEqual(points);
  });

  it("thins a long history to the limit, keeping first and last steps, every evaluation, and the mean loss of each bucket", () => {
    const points = steps(1000);
    points[0] = withEval(points[0], 0.1);
    points[499] = withEval(points[499], 0.5);
    const evalOnly: TrainingPoint = {
      ...stepPoint({ step: 0, loss: NaN, lr: 0 }),
      lr: null,
      evalValue: 0.05,
      evalMetric: "ndcg",
      evalMetrics: { ndcg: 0.05 },
    };
    const out = downsamplePoints([evalOnly, ...points], 100);
    expect(out.length).toBeLessThanOrEqual(102);
    expect(out.length).toBeGreaterThan(50);
    expect(out[0]).toMatchObject({ step: 0, loss: null, evalValue: 0.05 });
    expect(out.find((p) => p.step === 1)).toBeDefined();
    expect(out.at(-1)!.step).toBe(1000);
    expect(out.find((p) => p.step === 500)?.evalValue).toBe(0.5);
    expect(out.map((p) => p.step)).toEqual([...out.map((p) => p.step)].sort((a, b) => a - b));
    // Bucket means stay inside the range of the raw losses.
    for (const p of out) if (p.loss !== null) expect(p.loss).toBeGreaterThan(8.99);
  });

  it("stores a non-finite loss as missing", () => {
    expect(stepPoint({ step: 3, loss: Infinity, lr: 1 }).loss).toBeNull();
  });
});
