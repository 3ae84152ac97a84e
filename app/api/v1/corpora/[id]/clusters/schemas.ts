import { z } from "zod";
import { clusterSettings } from "@/lib/cluster/cluster-options";

/** POST /corpora/{id}/clusters: how to cluster (all optional; k omitted = chosen by silhouette). */
export const clusterRunBody = clusterSettings.extend({
  /** Cluster with this model version's embeddings instead of the live one. */
  modelVersionId: z.number().int().positive().optional(),
});

/** POST /corpora/{id}/clusters/merge: the clusters to merge; the first keeps its id and name. */
export const mergeBody = z.object({ clusterIds: z.array(z.number().int()).min(2).max(100) });

/** POST /corpora/{id}/clusters/reduce: merge the most similar clusters until this many remain. */
export const reduceBody = z.object({ topics: z.number().int().min(1).max(500) });

/** PATCH /corpora/{id}/clusters/{cid}: the admin's name; empty or null restores the keyword label. */
export const renameBody = z.object({ name: z.string().trim().max(120).nullable() });

/** GET /corpora/{id}/clusters/{cid}: a page of members. */
export const membersQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** GET /corpora/{id}/clusters/export. */
export const exportQuery = z.object({ format: z.enum(["csv", "json"]).default("csv") });

/** GET /corpora/{id}/clusters/map: binary (default) or JSON of arrays. */
export const mapQuery = z.object({ format: z.enum(["binary", "json"]).default("binary") });

/** GET /corpora/{id}/passages?ids=1,2,3: passages by id (hover text on the map). */
export const passagesQuery = z.object({
  ids: z
    .string()
    .regex(/^\d+(,\d+)*$/, "give passage ids as a comma-separated list, e.g. ids=4,8,15")
    .transform((s) => [...new Set(s.split(",").map(Number))])
    .refine((ids) => ids.length <= 200, "at most 200 ids at a time"),
});
