import { describe, expect, it } from "vitest";
import { clusterSettings } from "@/lib/cluster/cluster-options";
import { buildClusterRun, type ClusterRunInput } from "@/lib/jobs/cluster-run-builder";
import { plantedClusters } from "@/tests/unit/cluster/synthetic-blobs";

const WORDS = [
  ["telescope", "galaxy"],
  ["bread", "oven"],
  ["router", "packet"],
  ["garden", "tulip"],
];

function input(
  seed: number,
  previous: ClusterRunInput["previous"] = null,
  edit?: ClusterRunInput["edit"],
): ClusterRunInput {
  const { vectors, labels } = plantedClusters(4, 30, 16, 0.25, 8);
  const passageIds = Int32Array.from(labels, (_, i) => 100 + i);
  const texts = labels.map((c, i) => `A note about the ${WORDS[c][0]} and its ${WORDS[c][1]}, number ${i}.`);
  return {
    passageIds,
    vectors,
    dim: 16,
    texts: (ids) => Array.from(ids, (id) => texts[id - 100]),
    settings: clusterSettings.parse({ k: 4, seed }),
    previous,
    edit,
  };
}

/** The previous-run view of a built run, as the job reads it back from the database. */
function asPrevious(run: ReturnType<typeof buildClusterRun>): NonNullable<ClusterRunInput["previous"]> {
  const ids = Array.from(run.passageIds);
  return {
    assignments: new Map(ids.map((id, i) => [id, run.clusterIds[i]])),
    xy: new Map(ids.map((id, i) => [id, [run.xy[i * 2], run.xy[i * 2 + 1]] as [number, number]])),
    nextId: (run.notes.nextClusterId as number) ?? 1,
  };
}

describe("building a clustering run", () => {
  it("names clusters by their keywords and picks representatives from their own members", () => {
    const run = buildClusterRun(input(1));
    expect(run.clusters).toHaveLength(4);
    const labels = run.clusters.map((c) => c.label).join(" | ");
    for (const [a] of WORDS) expect(labels).toContain(a);
    for (const c of run.clusters) {
      const members = new Set(Array.from(run.passageIds).filter((_, i) => run.clusterIds[i] === c.clusterId));
      expect(c.representativeIds.every((id) => members.has(id))).toBe(true);
      expect(c.size).toBe(members.size);
    }
    expect(run.silhouette).toBeGreaterThan(0.3);
  });

  it("keeps cluster ids stable across a re-run with another seed", () => {
    const first = buildClusterRun(input(1));
    const second = buildClusterRun(input(7, asPrevious(first)));
    expect(Array.from(second.clusterIds)).toEqual(Array.from(first.clusterIds));
    expect(second.notes.nextClusterId).toBe(first.notes.nextClusterId);
  });

  it("merges clusters into the first named, keeping its id and the map", () => {
    const first = buildClusterRun(input(1));
    const [a, b] = first.clusters.map((c) => c.clusterId);
    const merged = buildClusterRun(input(1, asPrevious(first), { kind: "merge", clusterIds: [a, b] }));
    expect(merged.clusters.map((c) => c.clusterId).sort()).toEqual(
      first.clusters
        .map((c) => c.clusterId)
        .filter((id) => id !== b)
        .sort(),
    );
    expect(merged.clusters.find((c) => c.clusterId === a)!.size).toBe(60);
    expect(Array.from(merged.xy)).toEqual(Array.from(first.xy));
    const reduced = buildClusterRun(input(1, asPrevious(first), { kind: "reduce", topics: 2 }));
    expect(reduced.clusters).toHaveLength(2);
  });
});
