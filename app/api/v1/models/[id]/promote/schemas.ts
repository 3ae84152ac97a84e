import { z } from "zod";

/** `POST /api/v1/models/{id}/promote` body (optional): a note for the audit log on why. */
export const promoteBody = z
  .object({
    note: z.string().trim().max(200).optional(),
  })
  .strict();
