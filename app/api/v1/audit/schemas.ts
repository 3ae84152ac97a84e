import { z } from "zod";

/** GET /audit query: a page of entries. */
export const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
