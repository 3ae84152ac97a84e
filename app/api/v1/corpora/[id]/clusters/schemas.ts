import { z } from "zod";
import {
  clusterRunRequest,
  membersRequest,
  mergeRequest,
  reduceRequest,
  renameRequest,
} from "@/lib/cluster/cluster-request";

/** POST /corpora/{id}/clusters: how to cluster (the cluster service's schema; see lib/cluster/cluster-request.ts). */
export const clusterRunBody = clusterRunRequest;

/** POST /corpora/{id}/clusters/merge: the clusters to merge (the cluster service's schema). */
export const mergeBody = mergeRequest;

/** POST /corpora/{id}/clusters/reduce: how many topics to keep (the cluster service's schema). */
export const reduceBody = reduceRequest;

/** PATCH /corpora/{id}/clusters/{cid}: the admin's name (the cluster service's schema). */
export const renameBody = renameRequest;

/** GET /corpora/{id}/clusters/{cid}: a page of members (the cluster service's schema). */
export const membersQuery = membersRequest;

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
