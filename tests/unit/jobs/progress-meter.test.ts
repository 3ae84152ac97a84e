import { describe, expect, it } from "vitest";
import { ProgressMeter } from "@/lib/jobs/progress-meter";

describe("ProgressMeter", () => {
  it("gives fraction, rate and ETA from observations", () => {
    const m = new ProgressMeter();
    expect(m.observe(0, 100, 0)).toEqual({ progress: 0, rate: null, etaSeconds: null });
    const r = m.observe(10, 100, 1000);
    expect(r.progress).toBeCloseTo(0.1);
    expect(r.rate).toBeCloseTo(10);
    expect(r.etaSeconds).toBeCloseTo(9);
  });

  it("smooths a sudden slow step instead of jumping", () => {
    const m = new ProgressMeter(5000);
    m.observe(0, 1000, 0);
    for (let t = 1; t <= 10; t++) m.observe(t * 10, 1000, t * 1000);
    const r = m.observe(101, 1000, 11_000);
    expect(r.rate!).toBeGreaterThan(5);
    expect(r.rate!).toBeLessThan(10);
  });

  it("handles an unknown total", () => {
    expect(new ProgressMeter().observe(5, 0, 10).progress).toBe(0);
  });
});
