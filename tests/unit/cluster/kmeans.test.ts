import { describe, expect, it } from "vitest";
import { kmeans } from "@/lib/cluster/kmeans";
import { normalizedMutualInfo } from "@/lib/train/evaluators/partition-agreement";
import { seededRandom } from "@/lib/core/random";

describe("kmeans", () => {
  it("recovers well-separated blobs, the same way for the same seed", () => {
    const random = seededRandom(3);
    const centres = [
      [0, 0],
      [10, 0],
      [0, 10],
    ];
    const labels: number[] = [];
    const data: number[] = [];
    for (let i = 0; i < 90; i++) {
      const c = i % 3;
      labels.push(c);
      data.push(centres[c][0] + random() - 0.5, centres[c][1] + random() - 0.5);
    }
    const a = kmeans(data, 2, { k: 3, seed: 1 });
    expect(normalizedMutualInfo(labels, Array.from(a.assignments))).toBe(1);
    expect(Array.from(kmeans(data, 2, { k: 3, seed: 1 }).assignments)).toEqual(Array.from(a.assignments));
    expect(a.inertia).toBeLessThan(90 * 0.5);
  });

  it("keeps every cluster non-empty, even with duplicate rows, and checks its input", () => {
    const result = kmeans([1, 1, 1, 1, 1, 1, 5, 5], 2, { k: 3 });
    expect(new Set(result.assignments).size).toBe(3);
    expect(() => kmeans([1, 2, 3], 2, { k: 1 })).toThrow(/rows of 2/);
    expect(() => kmeans([1, 2], 1, { k: 3 })).toThrow(/between 1 and the number of rows/);
  });
});
