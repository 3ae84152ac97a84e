import { z } from "zod";

/**
 * How a corpus is clustered: the settings an admin chooses (API body, job payload).
 * k-means takes `k` or chooses it in [kMin, kMax] by silhouette; density clustering takes
 * `minClusterSize` and may assign its outliers to the nearest cluster. `topics` reduces the
 * result to at most that many clusters by merging the most similar.
 */
export const clusterSettings = z.object({
  method: z.enum(["kmeans", "density"]).default("kmeans"),
  k: z.number().int().min(1).max(500).optional(),
  kMin: z.number().int().min(2).max(500).default(2),
  kMax: z.number().int().min(2).max(500).default(30),
  minClusterSize: z.number().int().min(2).max(100_000).optional(),
  assignOutliers: z.boolean().default(false),
  topics: z.number().int().min(1).max(500).optional(),
  seed: z.number().int().min(0).default(0),
});
/** Parsed {@link clusterSettings}. */
export type ClusterSettings = z.infer<typeof clusterSettings>;
