import { describe, expect, it } from "vitest";
import { densityClustering } from "@/lib/cluster/density-clustering";
import { hdbscan } from "@/lib/cluster/hdbscan";
import { normalizedMutualInfo } from "@/lib/train/evaluators/partition-agreement";
import { plantedClusters, uniformNoise } from "@/tests/unit/cluster/synthetic-blobs";

describe("density clustering (HDBSCAN)", () => {
  it("recovers planted clusters without being told how many (NMI ≥ 0.95)", () => {
    const { vectors, labels } = plantedClusters(5, 50, 8, 0.15);
    const result = hdbscan(vectors, 8, { minClusterSize: 10 });
    expect(result.clusterCount).toBe(5);
    const clustered = Array.from(result.labels);
    expect(normalizedMutualInfo(labels, clustered)).toBeGreaterThanOrEqual(0.95);
  });

  it("calls scattered background rows outliers, and can assign them to the nearest cluster", () => {
    const centres = [
      [-2, -2],
      [2, -2],
      [-2, 2],
      [2, 2],
    ];
    const jitter = uniformNoise(240, 2, 0.15, 5);
    const labels = Array.from({ length: 240 }, (_, i) => i % 4);
    const blobs = Float32Array.from({ length: 480 }, (_, j) => centres[labels[j >> 1]][j & 1] + jitter[j]);
    // Spread far wider than the blobs: HDBSCAN gives a cluster the rows that join it before it splits off.
    const noise = uniformNoise(20, 2, 30);
    const vectors = new Float32Array([...blobs, ...noise]);
    const found = densityClustering(vectors, 2, { minClusterSize: 15 });
    expect(found.k).toBe(4);
    const outliers = Array.from(found.labels.slice(240)).filter((c) => c === -1).length;
    expect(outliers).toBeGreaterThanOrEqual(10);
    expect(normalizedMutualInfo(labels, Array.from(found.labels.slice(0, 240)))).toBeGreaterThanOrEqual(0.95);
    const assigned = densityClustering(vectors, 2, { minClusterSize: 15, assignOutliers: true });
    expect(assigned.labels.every((c) => c >= 0)).toBe(true);
  });

  it("clusters a large corpus from a sample (NMI ≥ 0.95)", () => {
    const { vectors, labels } = plantedClusters(6, 500, 16, 0.2, 7);
    const found = densityClustering(vectors, 16, { sampleSize: 600, minClusterSize: 200 });
    expect(found.k).toBe(6);
    expect(normalizedMutualInfo(labels, Array.from(found.labels))).toBeGreaterThanOrEqual(0.95);
  });

  it("finds nothing in uniform noise and refuses a minimum size below 2", () => {
    expect(() => hdbscan(new Float32Array(4), 2, { minClusterSize: 1 })).toThrow(/minClusterSize/);
    expect(hdbscan(new Float32Array([0, 0, 1, 1]), 2, { minClusterSize: 5 }).clusterCount).toBe(0);
  });
});
