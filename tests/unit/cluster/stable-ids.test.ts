import { describe, expect, it } from "vitest";
import { matchClusterIds } from "@/lib/cluster/stable-ids";

describe("stable cluster ids", () => {
  it("gives a re-run's clusters the ids of the clusters they overlap most, whatever their order", () => {
    const passageIds = [10, 11, 12, 13, 14, 15, 16, 17];
    const previous = new Map([
      [10, 7],
      [11, 7],
      [12, 7],
      [13, 3],
      [14, 3],
      [15, 3],
      [16, 9],
      [17, 9],
    ]);
    // The new run numbers the same groups differently, and moved passage 12.
    const labels = [2, 2, 0, 0, 0, 0, 1, 1];
    const ids = matchClusterIds(previous, passageIds, labels, 3);
    expect(Array.from(ids)).toEqual([3, 9, 7]);
  });

  it("gives new clusters fresh ids above every old one, and ignores outliers", () => {
    const previous = new Map([
      [1, 1],
      [2, 1],
      [3, -1],
    ]);
    const ids = matchClusterIds(previous, [1, 2, 3, 4, 5], [0, 0, 1, 1, 1], 2, { nextId: 5 });
    expect(Array.from(ids)).toEqual([1, 5]);
    expect(Array.from(matchClusterIds(new Map(), [1, 2], [0, 1], 2))).toEqual([1, 2]);
  });
});
