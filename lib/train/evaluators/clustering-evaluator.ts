import type { EvaluationResult, Vector } from "@/lib/train/evaluators/evaluation-result";
import { adjustedRandIndex, normalizedMutualInfo, type Label } from "@/lib/train/evaluators/partition-agreement";
import { silhouetteScore, type SilhouetteOptions } from "@/lib/train/evaluators/silhouette";

export type ClusteringMetric = "nmi" | "ari" | "silhouette";

export interface ClusteringInput {
  /** `[n]` the clusters found (e.g. k-means over the embeddings) */
  clusters: readonly Label[];
  /** `[n]` gold classes; without them only the silhouette is computed */
  labels?: readonly Label[];
  /** `[n][dim]` the embeddings that were clustered; without them no silhouette */
  embeddings?: readonly Vector[];
}

/**
 * Clustering evaluation: NMI and ARI of the clusters against gold classes, and the silhouette
 * of the clusters in embedding space. The primary metric is NMI (MTEB's V-measure) when gold
 * classes are given, else the silhouette. A metric that cannot be computed is NaN.
 * @throws when neither gold classes nor embeddings are given
 */
export function evaluateClustering(
  input: ClusteringInput,
  options: SilhouetteOptions = {},
): EvaluationResult<ClusteringMetric> {
  const { clusters, labels, embeddings } = input;
  if (!labels && !embeddings) {
    throw new Error("Clustering evaluation needs gold labels (for NMI and ARI) or the embeddings (for the silhouette)");
  }
  return {
    primary: labels ? "nmi" : "silhouette",
    metrics: {
      nmi: labels ? normalizedMutualInfo(labels, clusters) : NaN,
      ari: labels ? adjustedRandIndex(labels, clusters) : NaN,
      silhouette: embeddings ? silhouetteScore(embeddings, clusters, options) : NaN,
    },
  };
}
