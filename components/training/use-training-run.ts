"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { JobView } from "@/lib/jobs/job-view";
import type { TrainingRunView } from "@/lib/jobs/training-run-view";
import { downsamplePoints, type TrainingPoint } from "@/lib/train/history/training-point";
import { useJobEvents } from "@/components/jobs/use-job-events";

/** Points kept in the browser; more are thinned out ({@link downsamplePoints}). */
const MAX_POINTS = 2000;
/** While a run is active and no event arrives, look for new points this often anyway. */
const POLL_MS = 5000;

/** Merges newer points into the history by step (a newer copy of a step wins: it may carry its evaluation). */
export function mergePoints(current: readonly TrainingPoint[], incoming: readonly TrainingPoint[]): TrainingPoint[] {
  if (incoming.length === 0) return [...current];
  const byStep = new Map(current.map((p) => [p.step, p]));
  for (const p of incoming) byStep.set(p.step, p);
  const merged = [...byStep.values()].sort((a, b) => a.step - b.step);
  return merged.length > MAX_POINTS ? downsamplePoints(merged, MAX_POINTS) : merged;
}

/**
 * A training run kept live: job changes arrive over the jobs' Server-Sent Events; each change
 * (and a slow poll while the run is active) fetches the points after the last one shown. The
 * last step is fetched again, since its evaluation may be written just after it.
 */
export function useTrainingRun(initial: TrainingRunView) {
  const [view, setView] = useState(initial);
  const versionId = initial.modelVersion.id;
  const { jobs, upsert } = useJobEvents({
    corpusId: initial.modelVersion.corpusId ?? undefined,
    initial: initial.job ? [initial.job] : [],
  });
  const job: JobView | null = jobs.find((j) => j.type === "train" && j.modelVersionId === versionId) ?? view.job;
  const lastStep = useRef(initial.lastStep ?? -1);
  const busy = useRef(false);
  const again = useRef(false);

  const refresh = useCallback(async () => {
    if (busy.current) {
      again.current = true;
      return;
    }
    busy.current = true;
    try {
      do {
        again.current = false;
        const res = await fetch(`/api/v1/models/${versionId}/training?after=${Math.max(-1, lastStep.current - 1)}`, {
          cache: "no-store",
        });
        if (!res.ok) break;
        const next = (await res.json()) as TrainingRunView;
        lastStep.current = next.lastStep ?? -1;
        setView((v) => ({ ...next, points: next.lastStep === null ? [] : mergePoints(v.points, next.points) }));
      } while (again.current);
    } catch {
      // Offline for a moment: the next event or poll tries again.
    } finally {
      busy.current = false;
    }
  }, [versionId]);

  const active = job?.status === "queued" || job?.status === "running";
  useEffect(() => {
    void refresh();
  }, [refresh, job?.done, job?.status, job?.id]);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [active, refresh]);

  return { view, job, upsert };
}
