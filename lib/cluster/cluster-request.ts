import { MAX_ROW_ID } from "@/lib/core/row-id";
import { z } from "zod";
import { clusterSettings } from "@/lib/cluster/cluster-options";

/**
 * `POST /api/v1/corpora/{id}/clusters`: how to cluster (all optional; `k` omitted = chosen by
 * silhouette in [kMin, kMax]). kMax ≥ kMin is checked by the service after the model checks, so a
 * corpus without a model answers 409 whatever the range.
 */
export const clusterRunRequest = clusterSettings.extend({
  /** Cluster with this model version's embeddings instead of the live one. */
  modelVersionId: z.number().int().positive().max(MAX_ROW_ID).optional(),
});
export type ClusterRunRequest = z.infer<typeof clusterRunRequest>;

/** `POST /api/v1/corpora/{id}/clusters/merge`: the clusters to merge; the first keeps its id and name. */
export const mergeRequest = z.object({ clusterIds: z.array(z.number().int()).min(2).max(100) });
export type MergeRequest = z.infer<typeof mergeRequest>;

/** `POST /api/v1/corpora/{id}/clusters/reduce`: merge the most similar clusters until this many remain. */
export const reduceRequest = z.object({ topics: z.number().int().min(1).max(500) });
export type ReduceRequest = z.infer<typeof reduceRequest>;

/** `PATCH /api/v1/corpora/{id}/clusters/{cid}`: the admin's name; empty or null restores the keyword label. */
export const renameRequest = z.object({ name: z.string().trim().max(120).nullable() });
export type RenameRequest = z.infer<typeof renameRequest>;

/** `GET /api/v1/corpora/{id}/clusters/{cid}`: a page of members (query strings coerced to numbers). */
export const membersRequest = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type MembersRequest = z.infer<typeof membersRequest>;

/** A stored JSON value (already parsed by its column) read through `schema`; `fallback` when it does not match. */
export function readStoredJson<T>(value: unknown, schema: z.ZodType<T>, fallback: T): T {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : fallback;
}
