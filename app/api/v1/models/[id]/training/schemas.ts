import { z } from "zod";
import { MAX_ROW_ID } from "@/lib/core/row-id";

/** `GET /api/v1/models/{id}/training` query: `after` for live updates, `max` to bound the whole history. */
export const trainingQuery = z.object({
  after: z.coerce.number().int().min(-1).max(MAX_ROW_ID).optional(),
  max: z.coerce.number().int().min(2).max(10_000).default(1000),
});
