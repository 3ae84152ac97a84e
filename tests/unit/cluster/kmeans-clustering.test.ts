import { describe, expect, it } from "vitest";
import { candidateKs, chooseK } from "@/lib/cluster/choose-k";
import { kmeansClustering } from "@/lib/cluster/kmeans-clustering";
import { normalizeRows } from "@/lib/core/vector-math";
import { normalizedMutualInfo } from "@/lib/train/evaluators/partition-agreement";
import { plantedClusters } from "@/tests/unit/cluster/synthetic-blobs";

describe("k-means clustering of a corpus", () => {
  it("chooses k by silhouette and recovers planted clusters (NMI ≥ 0.95)", () => {
    const { vectors, labels } = plantedClusters(6, 60, 32, 0.35);
    const unit = normalizeRows(vectors, 32);
    const result = kmeansClustering(unit, 32, { kMin: 2, kMax: 12 });
    expect(result.k).toBe(6);
    expect(normalizedMutualInfo(labels, Array.from(result.labels))).toBeGreaterThanOrEqual(0.95);
  });

  it("fits a sample of a large corpus and still recovers the clusters", () => {
    const { vectors, labels } = plantedClusters(5, 400, 16, 0.3, 4);
    const result = kmeansClustering(normalizeRows(vectors, 16), 16, { k: 5, fitSampleSize: 300 });
    expect(result.k).toBe(5);
    expect(normalizedMutualInfo(labels, Array.from(result.labels))).toBeGreaterThanOrEqual(0.95);
  });

  it("tries every small k and fewer large ones, and copes with tiny inputs", () => {
    expect(candidateKs(2, 12)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const wide = candidateKs(2, 60);
    expect(wide[wide.length - 1]).toBe(60);
    expect(wide.length).toBeLessThan(30);
    expect(chooseK(new Float32Array([1, 0, 0, 1]), 2).k).toBeGreaterThanOrEqual(1);
  });
});
