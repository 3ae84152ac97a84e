import { z } from "zod";

const text = z.string().trim().min(1, "texts must not be empty").max(2000, "use at most 2000 characters per text");
const target = {
  corpusId: z.coerce.number().int().positive().optional(),
  modelVersionId: z.coerce.number().int().positive().optional(),
};

/** Either `texts` (a similarity matrix) or `pairs` (one score per pair). */
export const similarityBody = z.union([
  z.object({ texts: z.array(text).min(2, "give at least two texts").max(64, "give at most 64 texts"), ...target }).strict(),
  z.object({ pairs: z.array(z.tuple([text, text])).min(1, "give at least one pair").max(256, "give at most 256 pairs"), ...target }).strict(),
]);

export const embedBody = z
  .object({ texts: z.array(text).min(1, "give at least one text").max(256, "give at most 256 texts"), ...target })
  .strict();
