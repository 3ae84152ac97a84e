import { appServices } from "@/lib/app-services";
import { handle } from "@/lib/api/api-error";
import { listJobs } from "@/lib/db/queries/jobs";
import { toJobView } from "@/lib/jobs/job-view";
import { MAX_ROW_ID } from "@/lib/core/row-id";
import { z } from "zod";

export const dynamic = "force-dynamic";

const eventsQuery = z.object({ corpusId: z.coerce.number().int().positive().max(MAX_ROW_ID) });

const TICK_MS = 400;
const KEEPALIVE_MS = 15_000;
/** Re-reads a window of recent changes each tick, so two updates in one millisecond are never missed. */
const OVERLAP_MS = 2_000;

/**
 * GET /api/v1/jobs/events?corpusId: Server-Sent Events. First a `snapshot` of recent jobs, then a
 * `job` event each time one changes (progress, status, message).
 */
export const GET = handle(async (request: Request) => {
  const corpusParam = new URL(request.url).searchParams.get("corpusId");
  const corpusId = corpusParam ? eventsQuery.parse({ corpusId: corpusParam }).corpusId : undefined;
  const { db } = appServices();
  const encoder = new TextEncoder();
  const sent = new Map<number, number>();
  let timer: ReturnType<typeof setInterval> | undefined;
  // Read before the stream starts, so that a failing read still answers with an error status.
  const snapshot = await listJobs(db, { limit: 50, corpusId });
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (event: string, data: unknown) =>
        controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      snapshot.forEach((j) => sent.set(j.id, j.updatedAt));
      send("snapshot", snapshot.map(toJobView));
      let since = Math.max(0, ...snapshot.map((j) => j.updatedAt));
      let lastWrite = Date.now();
      // A tick that is still reading when the next one is due lets that one pass (ticks never overlap).
      let ticking = false;
      const tick = async () => {
        if (ticking) return;
        ticking = true;
        try {
          for (const job of (await listJobs(db, { since: since - OVERLAP_MS, corpusId, limit: 500 })).reverse()) {
            if (sent.get(job.id) === job.updatedAt) continue;
            sent.set(job.id, job.updatedAt);
            since = Math.max(since, job.updatedAt);
            send("job", toJobView(job));
            lastWrite = Date.now();
          }
          if (Date.now() - lastWrite > KEEPALIVE_MS) {
            controller.enqueue(encoder.encode(": keep-alive\n\n"));
            lastWrite = Date.now();
          }
        } catch {
          clearInterval(timer);
        } finally {
          ticking = false;
        }
      };
      // tick catches its own errors (and then stops the timer).
      timer = setInterval(() => void tick(), TICK_MS);
      request.signal.addEventListener("abort", () => {
        clearInterval(timer);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      });
    },
    cancel() {
      clearInterval(timer);
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
    },
  });
});
