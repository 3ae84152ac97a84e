import { cosineSimilarity } from "@/lib/train/similarity/cosine-similarity";
import { dotSimilarity } from "@/lib/train/similarity/dot-similarity";
import { euclideanSimilarity } from "@/lib/train/similarity/euclidean-similarity";
import { scaledSquaredL2Similarity } from "@/lib/train/similarity/scaled-squared-l2-similarity";
import {
  SIMILARITY_NAMES,
  type SimilarityMeasure,
  type SimilarityName,
} from "@/lib/train/similarity/similarity-measure";

const MEASURES: Record<SimilarityName, SimilarityMeasure> = {
  cosine: cosineSimilarity,
  dot: dotSimilarity,
  "scaled-squared-l2": scaledSquaredL2Similarity,
  euclidean: euclideanSimilarity,
};

/** True when `name` is one of {@link SIMILARITY_NAMES}. */
export function isSimilarityName(name: string): name is SimilarityName {
  return (SIMILARITY_NAMES as readonly string[]).includes(name);
}

/**
 * The similarity measure called `name` (from a training config or an API body).
 * @throws listing the known names when `name` is not one of them
 */
export function similarityByName(name: string): SimilarityMeasure {
  if (!isSimilarityName(name)) {
    throw new Error(`Unknown similarity "${name}": use one of ${SIMILARITY_NAMES.join(", ")}`);
  }
  return MEASURES[name];
}
