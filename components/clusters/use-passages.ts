"use client";

import { useTranslations } from "next-intl";
import { useCallback, useRef } from "react";
import type { ClusterPassage } from "@/lib/db/queries/clusters";

/**
 * Passage texts fetched lazily by id from `/api/v1/corpora/{id}/passages` and cached for the
 * page's lifetime: hovering over 100,000 points must not download 100,000 texts.
 * @returns `load(ids)`, resolving to the passages in the order of `ids`
 */
export function usePassages(corpusId: number) {
  const cache = useRef(new Map<number, ClusterPassage>());
  const requests = useTranslations("Requests");
  return useCallback(
    async (ids: number[]): Promise<ClusterPassage[]> => {
      const missing = ids.filter((id) => !cache.current.has(id));
      for (let i = 0; i < missing.length; i += 200) {
        const res = await fetch(`/api/v1/corpora/${corpusId}/passages?ids=${missing.slice(i, i + 200).join(",")}`);
        if (!res.ok)
          throw new Error(
            ((await res.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ??
              requests("passagesFailed", { status: res.status }),
          );
        for (const p of ((await res.json()) as { passages: ClusterPassage[] }).passages)
          cache.current.set(p.passageId, p);
      }
      return ids.map((id) => cache.current.get(id)).filter((p): p is ClusterPassage => !!p);
    },
    [corpusId, requests],
  );
}
