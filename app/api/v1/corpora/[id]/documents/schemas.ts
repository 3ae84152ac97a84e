import { z } from "zod";

/** `GET /api/v1/corpora/{id}/documents`: a page of documents. (The upload's fields: `uploadOptions` in lib/ingest/upload-request.ts.) */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
