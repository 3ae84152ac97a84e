/**
 * The values of the enum text columns (lib/db/schema.ts): what code compares and writes
 * instead of free strings. SQLite stores them as plain text, so adding a value needs no migration.
 */

/** An upload's ingest: queued, then ingesting, then done, failed or cancelled. */
export const uploadStatuses = ["queued", "ingesting", "done", "failed", "cancelled"] as const;
export type UploadStatus = (typeof uploadStatuses)[number];

/** Where a model version's weights came from. */
export const modelSources = ["hub", "dir", "scratch", "finetuned"] as const;
export type ModelSource = (typeof modelSources)[number];

/** A model version's life: pending → training → indexing → ready → live → retired; or failed, or cancelled (its run stopped). */
export const modelVersionStatuses = [
  "pending",
  "training",
  "indexing",
  "ready",
  "live",
  "retired",
  "failed",
  "cancelled",
] as const;
export type ModelVersionStatus = (typeof modelVersionStatuses)[number];

/** A queued job: queued → running → succeeded, failed or cancelled (a failed or cancelled one may be queued again). */
export const jobStatuses = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type JobStatus = (typeof jobStatuses)[number];

/** `admin` manages everything, `user` searches and explores. */
export const userRoles = ["admin", "user"] as const;
export type UserRole = (typeof userRoles)[number];

/** How a cluster run grouped passages. */
export const clusterMethods = ["kmeans", "density"] as const;
export type ClusterMethod = (typeof clusterMethods)[number];

/** A cluster run is stored `running` and marked `done` when complete. */
export const clusterRunStatuses = ["running", "done"] as const;
export type ClusterRunStatus = (typeof clusterRunStatuses)[number];
