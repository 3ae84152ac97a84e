/**
 * Builds a clustering run of a corpus from its embeddings and texts: clusters (or edits the
 * previous run's clusters), keeps ids stable, names clusters by keywords, picks representative
 * passages, scores the silhouette and lays out the map. No I/O: the cluster job reads the
 * inputs and stores the result.
 */
import { clusterKeywords, keywordLabel } from "@/lib/cluster/cluster-keywords";
import type { ClusterSettings } from "@/lib/cluster/cluster-options";
import { clusterVectors, sampledSilhouette } from "@/lib/cluster/cluster-vectors";
import { project2d } from "@/lib/cluster/projection";
import { applyMerges, reduceClusters } from "@/lib/cluster/reduce-clusters";
import { representativeRows } from "@/lib/cluster/representatives";
import { clusterCentroids } from "@/lib/cluster/row-math";
import { normalizeRows } from "@/lib/core/vector-math";
import { matchClusterIds } from "@/lib/cluster/stable-ids";
import type { NewClusterRun } from "@/lib/db/queries/clusters";

/** A change to the previous run instead of a new clustering: merge clusters, or reduce to N topics. */
export type ClusterEdit = { kind: "merge"; clusterIds: number[] } | { kind: "reduce"; topics: number };

/** What {@link buildClusterRun} needs. */
export interface ClusterRunInput {
  /** `[rows]` passages and their `[rows, dim]` embeddings. */
  passageIds: Int32Array;
  vectors: Float32Array;
  dim: number;
  /** Texts of passages by row, read when keywords are made. */
  texts: (passageIds: Int32Array) => string[];
  settings: ClusterSettings;
  /** The previous run: passage → stable id, and its map coordinates (for edits). */
  previous: { assignments: Map<number, number>; xy: Map<number, [number, number]>; nextId: number } | null;
  edit?: ClusterEdit;
  /** Fraction done in [0, 1] and a message; may throw to stop. */
  onProgress?: (fraction: number, message: string) => void;
}

/** A run ready to store, less the corpus and model version. */
export type BuiltClusterRun = Omit<NewClusterRun, "corpusId" | "modelVersionId">;

const REPRESENTATIVES = 5;

/** Labels and stable ids from the previous run's assignments after a merge or a reduction. */
function editPrevious(
  input: ClusterRunInput,
  unit: Float32Array,
  edit: ClusterEdit,
): { labels: Int32Array; k: number; stableIds: number[] } {
  const previous = input.previous!;
  const stableOf = [...new Set(previous.assignments.values())].filter((c) => c >= 0).sort((a, b) => a - b);
  const localOf = new Map(stableOf.map((s, i) => [s, i]));
  const labels = Int32Array.from(input.passageIds, (id) => localOf.get(previous.assignments.get(id) ?? -1) ?? -1);
  let into: Int32Array = Int32Array.from(stableOf, (_, i) => i);
  if (edit.kind === "merge") {
    const members = edit.clusterIds.filter((id) => localOf.has(id));
    if (members.length < 2)
      throw new Error(`merge needs at least two clusters of the current run; got ${edit.clusterIds.join(", ")}`);
    const target = localOf.get(members[0])!;
    for (const id of members) into[localOf.get(id)!] = target;
  } else {
    const sizes = new Int32Array(stableOf.length);
    for (const c of labels) if (c >= 0) sizes[c]++;
    into = reduceClusters(clusterCentroids(unit, input.dim, labels, stableOf.length), input.dim, sizes, edit.topics);
  }
  const merged = applyMerges(labels, into);
  return { labels: merged.labels, k: merged.k, stableIds: merged.survivors.map((s) => stableOf[s]) };
}

/** The map: the previous coordinates for an edit, else a fresh UMAP layout. */
function layout(
  input: ClusterRunInput,
  unit: Float32Array,
  labels: Int32Array,
  progress: (f: number, m: string) => void,
): Float32Array {
  if (input.edit && input.previous) {
    const xy = new Float32Array(input.passageIds.length * 2);
    input.passageIds.forEach((id, i) => xy.set(input.previous!.xy.get(id) ?? [0, 0], i * 2));
    return xy;
  }
  return project2d(unit, input.dim, { seed: input.settings.seed, groups: labels, onProgress: progress });
}

/** Clusters, describes and lays out a corpus (see the file comment). */
export function buildClusterRun(input: ClusterRunInput): BuiltClusterRun {
  const { dim, passageIds, settings } = input;
  const report = (from: number, to: number) => (f: number, m: string) => input.onProgress?.(from + (to - from) * f, m);
  const unit = normalizeRows(input.vectors, dim);
  let labels: Int32Array;
  let k: number;
  let stableIds: ArrayLike<number>;
  let notes: Record<string, unknown>;
  if (input.edit) {
    if (!input.previous) throw new Error("there is no clustering to edit yet: run the clustering first");
    ({ labels, k, stableIds } = editPrevious(input, unit, input.edit));
    notes = { edit: input.edit };
  } else {
    const found = clusterVectors(unit, dim, settings, report(0, 0.35));
    [labels, k, notes] = [found.labels, found.k, found.notes];
    stableIds = matchClusterIds(input.previous?.assignments ?? new Map(), passageIds, labels, k, {
      nextId: input.previous?.nextId ?? 1,
    });
  }
  const nextId = Math.max(input.previous?.nextId ?? 1, ...Array.from(stableIds, (id) => id + 1));
  input.onProgress?.(0.36, "naming clusters by their keywords");
  const keywords = clusterKeywords(input.texts(passageIds), labels, k);
  const centroids = clusterCentroids(unit, dim, labels, k);
  const representatives = representativeRows(unit, dim, labels, centroids, REPRESENTATIVES);
  input.onProgress?.(0.38, "scoring the silhouette");
  const silhouette = sampledSilhouette(unit, dim, labels, 1500, settings.seed);
  const xy = layout(input, unit, labels, report(0.4, 0.98));
  const sums = Array.from({ length: k }, () => ({ x: 0, y: 0, n: 0 }));
  labels.forEach((c, i) => {
    if (c < 0) return;
    sums[c].x += xy[i * 2];
    sums[c].y += xy[i * 2 + 1];
    sums[c].n++;
  });
  const clusters = sums.map((s, c) => ({
    clusterId: stableIds[c],
    label: keywordLabel(keywords[c]),
    keywords: keywords[c].map((kw) => ({ term: kw.term, weight: Number(kw.weight.toFixed(5)) })),
    representativeIds: representatives[c].map((row) => passageIds[row]),
    size: s.n,
    x: s.n ? s.x / s.n : 0,
    y: s.n ? s.y / s.n : 0,
  }));
  return {
    method: settings.method,
    settings,
    notes: { ...notes, nextClusterId: nextId },
    silhouette: Number.isFinite(silhouette) ? silhouette : null,
    clusters,
    passageIds,
    clusterIds: Int32Array.from(labels, (c) => (c < 0 ? -1 : stableIds[c])),
    xy,
  };
}
