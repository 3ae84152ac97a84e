import { z } from "zod";
import { appServices } from "@/lib/app-services";
import { handle } from "@/lib/api/api-error";
import { listJobs } from "@/lib/db/queries/jobs";
import { toJobView } from "@/lib/jobs/job-view";
import { MAX_ROW_ID } from "@/lib/core/row-id";

const query = z.object({
  corpusId: z.coerce.number().int().positive().max(MAX_ROW_ID).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** GET /api/v1/jobs?corpusId&limit: recent jobs with progress. */
export const GET = handle(async (request: Request) => {
  const q = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json({ jobs: (await listJobs(appServices().db, q)).map(toJobView) });
});
