import { describe, expect, it } from "vitest";
import { clusterVectors, sampledSilhouette } from "@/lib/cluster/cluster-vectors";
import { clusterSettings } from "@/lib/cluster/cluster-options";
import { project2d } from "@/lib/cluster/projection";
import { applyMerges, reduceClusters } from "@/lib/cluster/reduce-clusters";
import { representativeRows } from "@/lib/cluster/representatives";
import { normalizedMutualInfo } from "@/lib/train/evaluators/partition-agreement";
import { plantedClusters } from "@/tests/unit/cluster/synthetic-blobs";

describe("topic reduction, representatives and the 2-D map", () => {
  it("merges the smallest cluster into the nearest one until N remain", () => {
    const centroids = [0, 0, 0.1, 0, 10, 10];
    const into = reduceClusters(centroids, 2, [5, 50, 40], 2);
    expect(Array.from(into)).toEqual([1, 1, 2]);
    const merged = applyMerges([0, 1, 2, -1], into);
    expect(Array.from(merged.labels)).toEqual([0, 0, 1, -1]);
    expect(merged.k).toBe(2);
  });

  it("clusters vectors end to end, reduced to N topics, with a silhouette", () => {
    const { vectors, labels } = plantedClusters(4, 40, 16, 0.3, 2);
    const found = clusterVectors(vectors, 16, clusterSettings.parse({ k: 4 }));
    expect(normalizedMutualInfo(labels, Array.from(found.labels))).toBeGreaterThanOrEqual(0.95);
    expect(sampledSilhouette(vectors, 16, found.labels)).toBeGreaterThan(0.3);
    const reduced = clusterVectors(vectors, 16, clusterSettings.parse({ k: 4, topics: 2 }));
    expect(reduced.k).toBe(2);
    expect(reduced.notes.reducedFrom).toBe(4);
  });

  it("picks as representatives the rows nearest the centroid", () => {
    const rows = representativeRows([0, 0, 5, 5, 1, 1, 9, 9], 2, [0, 0, 0, 1], [1, 1, 9, 9], 2);
    expect(rows).toEqual([[2, 0], [3]]);
  });

  it("projects to 2-D in clip space, reproducibly, placing rows beyond the fitted sample near their cluster", () => {
    const { vectors, labels } = plantedClusters(3, 60, 8, 0.1, 5);
    const options = { seed: 3, maxFitRows: 120, nEpochs: 60, groups: labels };
    const xy = project2d(vectors, 8, options);
    expect(xy.length).toBe(360);
    expect(Math.max(...xy.map(Math.abs))).toBeLessThanOrEqual(1);
    expect(Array.from(project2d(vectors, 8, options))).toEqual(Array.from(xy));
    // Each placed row lies nearer its own cluster's fitted centre than any other's.
    const centre = (c: number) => {
      const members = labels.map((l, i) => (l === c ? i : -1)).filter((i) => i >= 0);
      return [0, 1].map((a) => members.reduce((s, i) => s + xy[i * 2 + a], 0) / members.length);
    };
    const centres = [0, 1, 2].map(centre);
    const wrong = labels.filter((c, i) => {
      const d = centres.map(([x, y]) => (xy[i * 2] - x) ** 2 + (xy[i * 2 + 1] - y) ** 2);
      return d.indexOf(Math.min(...d)) !== c;
    }).length;
    expect(wrong).toBe(0);
    expect(Array.from(project2d(new Float32Array([1, 0, 0, 1]), 2))).toHaveLength(4);
  });
});
