import { z } from "zod";

export const searchBody = z.object({
  query: z.string().trim().min(1, "type something to search for").max(1000, "use at most 1000 characters"),
  mode: z.enum(["lexical", "dense", "hybrid"]).default("lexical"),
  corpusId: z.coerce.number().int().positive().optional(),
  k: z.coerce.number().int().min(1).max(100).default(10),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});
