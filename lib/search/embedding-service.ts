import "server-only";
import { DomainError } from "@/lib/core/domain-error";
import { dot } from "@/lib/core/vector-math";
import type { Db } from "@/lib/db/client";
import { getCorpus } from "@/lib/db/queries/corpora";
import { getModelVersion, liveModelVersion, liveModelVersions } from "@/lib/db/queries/model-versions";
import type { ModelVersion } from "@/lib/db/schema";
import type { OnnxEmbedder } from "@/lib/model/embed/onnx-embedder";
import type { EmbedderPool } from "@/lib/search/embedder-pool";

/**
 * Thrown when no model can embed for the request; the message says what to do. Kind `not_found`
 * when the corpus or version does not exist, `conflict` when it exists but no model serves it yet.
 */
export class NoModelError extends DomainError {
  constructor(message: string, kind: "not_found" | "conflict" = "conflict") {
    super(kind, message);
  }
}

/** The model a request names: a model version, a corpus's live one, or the first live one. */
export async function resolveModel(
  db: Db,
  target: { corpusId?: number; modelVersionId?: number },
): Promise<ModelVersion> {
  let version: ModelVersion | undefined;
  if (target.modelVersionId !== undefined) version = await getModelVersion(db, target.modelVersionId);
  else if (target.corpusId !== undefined) {
    if (!(await getCorpus(db, target.corpusId)))
      throw new NoModelError(`corpus ${target.corpusId} not found`, "not_found");
    version = await liveModelVersion(db, target.corpusId);
  } else version = (await liveModelVersions(db))[0];
  if (!version?.path) {
    throw new NoModelError(
      target.modelVersionId !== undefined
        ? `model version ${target.modelVersionId} does not exist or has no files`
        : `no model serves ${target.corpusId !== undefined ? `corpus ${target.corpusId}` : "any corpus"} yet: wait for its model job (see /jobs) or start one`,
    );
  }
  return version;
}

export interface EmbeddedTexts {
  model: { modelVersionId: number; name: string; source: string; dim: number };
  vectors: Float32Array;
}

/** Embeds texts with the resolved model (L2-normalised), as `[n, dim]` rows in input order. */
export async function embedTexts(
  db: Db,
  embedders: EmbedderPool,
  texts: string[],
  target: { corpusId?: number; modelVersionId?: number },
): Promise<EmbeddedTexts> {
  const version = await resolveModel(db, target);
  const embedder: OnnxEmbedder = await embedders.get(version.path!);
  const vectors = await embedder.embed(texts, { normalize: true });
  return {
    model: { modelVersionId: version.id, name: version.name, source: version.source, dim: embedder.dim },
    vectors,
  };
}

/** Row `i` of a `[n, dim]` matrix. */
export function row(vectors: Float32Array, dim: number, i: number): Float32Array {
  return vectors.subarray(i * dim, (i + 1) * dim);
}

/** The full `[n, n]` cosine similarity matrix of normalised rows. */
export function similarityMatrix(vectors: Float32Array, dim: number): number[][] {
  const n = vectors.length / dim;
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => dot(row(vectors, dim, i), row(vectors, dim, j))),
  );
}
