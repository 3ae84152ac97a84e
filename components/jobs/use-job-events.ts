"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { JobView } from "@/lib/jobs/job-view";

/** State of the Server-Sent Events connection. */
export type StreamState = "connecting" | "open" | "reconnecting";

/** Options of {@link useJobEvents}. */
export interface JobEventsOptions {
  /** Only jobs of this corpus. */
  corpusId?: number;
  /** Jobs rendered on the server, shown until the stream's first snapshot. */
  initial: JobView[];
  /** Called for every job that changed, with its previous state (undefined when new to this page). */
  onChange?: (job: JobView, previous: JobView | undefined) => void;
}

/** True for jobs that have not finished. */
export function isActive(job: Pick<JobView, "status">): boolean {
  return job.status === "queued" || job.status === "running";
}

/**
 * Live jobs from `/api/v1/jobs/events`: the `snapshot` event, then one `job` event per change.
 * EventSource reconnects by itself after a dropped connection; the next snapshot fills the gap.
 * @returns the jobs, newest first, the connection state, and `upsert` for local updates (a cancel's reply).
 */
export function useJobEvents({ corpusId, initial, onChange }: JobEventsOptions) {
  const [jobs, setJobs] = useState<JobView[]>(initial);
  const [stream, setStream] = useState<StreamState>("connecting");
  // The latest view of every job, kept outside render so listeners can compare before and after.
  const latest = useRef<Map<number, JobView> | null>(null);
  const initialRef = useRef(initial);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  });

  const apply = useCallback((incoming: JobView[]) => {
    latest.current ??= new Map(initialRef.current.map((j) => [j.id, j]));
    const map = latest.current;
    for (const job of incoming) {
      const previous = map.get(job.id);
      // Events can arrive out of order around a reconnect; never go back in time.
      if (previous && previous.updatedAt > job.updatedAt) continue;
      map.set(job.id, job);
      if (!previous || previous.updatedAt !== job.updatedAt || previous.status !== job.status)
        onChangeRef.current?.(job, previous);
    }
    setJobs([...map.values()].sort((a, b) => b.id - a.id));
  }, []);

  useEffect(() => {
    const url = corpusId === undefined ? "/api/v1/jobs/events" : `/api/v1/jobs/events?corpusId=${corpusId}`;
    const source = new EventSource(url);
    source.onopen = () => setStream("open");
    source.onerror = () => setStream("reconnecting");
    source.addEventListener("snapshot", (e) => apply(JSON.parse((e as MessageEvent<string>).data) as JobView[]));
    source.addEventListener("job", (e) => apply([JSON.parse((e as MessageEvent<string>).data) as JobView]));
    return () => source.close();
  }, [corpusId, apply]);

  return { jobs, stream, upsert: (job: JobView) => apply([job]) };
}
