import { z } from "zod";
import { SCOPES } from "@/lib/auth/principal";

/** POST /keys: a name, at least one scope, and an optional expiry (ISO date-time or epoch ms, in the future). */
export const createKeyBody = z
  .object({
    name: z.string().trim().min(1, "give the key a name, e.g. what uses it").max(100, "use at most 100 characters"),
    scopes: z.array(z.enum(SCOPES)).min(1, "choose at least one scope").max(SCOPES.length),
    expiresAt: z
      .union([z.iso.datetime({ offset: true, local: true }), z.iso.date(), z.number().int().positive()])
      .transform((v) => (typeof v === "number" ? v : Date.parse(v)))
      .refine((ms) => Number.isFinite(ms) && ms > Date.now(), "choose an expiry in the future")
      .optional()
      .nullable(),
  })
  .strict();
