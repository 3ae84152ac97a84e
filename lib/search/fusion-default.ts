import { RRF_K } from "@/lib/index/rank-fusion";
import type { FusionChoice } from "@/lib/eval/fusion-choice";
import type { SearchRequest, SearchResponse } from "@/lib/search/search-types";

/**
 * The fusion a hybrid request runs with: what it asks for, with the missing parameter taken
 * from the learnt fusion (chosen on the serving version's held-out split) when that is of the
 * same method; a request that names no fusion gets the learnt one, else RRF with k = 60. Pure.
 */
export function resolveFusion(
  request: SearchRequest,
  learnt: FusionChoice | undefined,
): { request: SearchRequest; used: NonNullable<SearchResponse["fusion"]> } {
  if (request.fusion === "weighted") {
    const alpha = request.alpha ?? (learnt?.method === "weighted" ? learnt.alpha : 0.5);
    return { request: { ...request, alpha }, used: { method: "weighted", alpha, source: "request" } };
  }
  if (request.fusion === "rrf") {
    const k = request.rrfK ?? (learnt?.method === "rrf" ? learnt.k : RRF_K);
    return { request: { ...request, rrfK: k }, used: { method: "rrf", k, source: "request" } };
  }
  if (learnt?.method === "weighted")
    return {
      request: { ...request, fusion: "weighted", alpha: learnt.alpha },
      used: { method: "weighted", alpha: learnt.alpha, source: "learnt" },
    };
  if (learnt)
    return {
      request: { ...request, fusion: "rrf", rrfK: learnt.k },
      used: { method: "rrf", k: learnt.k, source: "learnt" },
    };
  return { request: { ...request, fusion: "rrf", rrfK: RRF_K }, used: { method: "rrf", k: RRF_K, source: "default" } };
}
