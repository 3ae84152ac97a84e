import { describe, expect, it } from "vitest";
import { learningRateAt, warmupStepsOf, type LearningRateSchedule } from "@/lib/train/schedules/learning-rate-schedule";

const base: LearningRateSchedule = { peak: 2e-5, totalSteps: 100, warmupSteps: 10 };

describe("learningRateAt", () => {
  it("warms up linearly from 0 to the peak", () => {
    expect(learningRateAt(base, 0)).toBe(0);
    expect(learningRateAt(base, 5)).toBeCloseTo(1e-5, 15);
    expect(learningRateAt(base, 10)).toBeCloseTo(2e-5, 15);
  });

  it("decays linearly to the floor at the last step and stays there", () => {
    const s = { ...base, floor: 2e-6 };
    expect(learningRateAt(s, 55)).toBeCloseTo((2e-5 + 2e-6) / 2, 15);
    expect(learningRateAt(s, 100)).toBeCloseTo(2e-6, 15);
    expect(learningRateAt(s, 150)).toBeCloseTo(2e-6, 15);
    expect(learningRateAt(base, 100)).toBe(0);
  });

  it("decays along a half cosine", () => {
    const s: LearningRateSchedule = { ...base, decay: "cosine", floor: 1e-6 };
    expect(learningRateAt(s, 10)).toBeCloseTo(2e-5, 15);
    expect(learningRateAt(s, 55)).toBeCloseTo((2e-5 + 1e-6) / 2, 15); // halfway: cos(π/2) = 0
    expect(learningRateAt(s, 100)).toBeCloseTo(1e-6, 15);
    // Cosine stays above linear in the first half.
    expect(learningRateAt(s, 30)).toBeGreaterThan(learningRateAt({ ...s, decay: "linear" }, 30));
  });

  it("holds the peak after warmup when constant", () => {
    const s: LearningRateSchedule = { ...base, decay: "constant" };
    expect(learningRateAt(s, 0)).toBe(0);
    expect(learningRateAt(s, 10)).toBe(2e-5);
    expect(learningRateAt(s, 100)).toBe(2e-5);
    expect(learningRateAt({ peak: 1, totalSteps: 5, decay: "constant" }, 0)).toBe(1);
  });

  it("takes the warmup as a ratio, rounded up", () => {
    expect(warmupStepsOf({ peak: 1, totalSteps: 95, warmupRatio: 0.1 })).toBe(10);
    expect(learningRateAt({ peak: 1, totalSteps: 95, warmupRatio: 0.1 }, 10)).toBe(1);
  });

  it("starts at the peak without warmup", () => {
    expect(learningRateAt({ peak: 3e-4, totalSteps: 10 }, 0)).toBe(3e-4);
  });

  it("explains an inconsistent schedule", () => {
    expect(() => learningRateAt({ ...base, warmupRatio: 0.1 }, 0)).toThrow(/not both/);
    expect(() => learningRateAt({ ...base, warmupSteps: 200 }, 0)).toThrow(/warmupSteps must be/);
    expect(() => learningRateAt({ ...base, floor: 1 }, 0)).toThrow(/floor ≤ peak/);
    expect(() => learningRateAt({ ...base, totalSteps: 0 }, 0)).toThrow(/totalSteps ≥ 1/);
    expect(() => learningRateAt({ ...base, decay: "step" as "linear" }, 0)).toThrow(/Unknown decay/);
  });
});
