import type { ScaleResult } from "@/bench/scale/scale-run";

/** What N worker machines would reach, derived from one run's per-stage times (not measured). */
export interface Projection {
  workers: number;
  /** One upload today: its stages are one job each, in order, so extra workers do not shorten it. */
  oneUploadS: number;
  /** One upload if the index job's embedding were split into N shards (not implemented today). */
  embedShardedS: number;
  /** N uploads to N corpora at once, one chain of jobs per machine: passages/s over all of them. */
  manyCorporaPerS: number;
}

/**
 * Projects `r` (a run with one worker) to `counts` worker machines. Assumes machines like this one
 * and that the database and the shared storage keep up; see {@link projectionNotes} for what does not split.
 */
export function project(r: ScaleResult, counts: number[]): Projection[] {
  const total = r.searchableMs / 1000;
  const { ingest, model, embed, index } = r.stages;
  return counts.map((n) => ({
    workers: n,
    oneUploadS: total,
    embedShardedS: (ingest + model + embed / n + index + r.otherMs) / 1000,
    manyCorporaPerS: (n * r.passages) / total,
  }));
}

/** The ceiling that ingest's serialised database writes put on many concurrent uploads, passages/s. */
export function ingestCeilingPerS(r: ScaleResult): number {
  return r.passages / (r.stages.ingest / 1000);
}
