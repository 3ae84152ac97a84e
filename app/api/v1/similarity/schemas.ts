import { z } from "zod";
import { config } from "@/lib/config";

const text = z.string().trim().min(1, "texts must not be empty").max(2000, "use at most 2000 characters per text");
const target = {
  corpusId: z.coerce.number().int().positive().optional(),
  modelVersionId: z.coerce.number().int().positive().optional(),
};

/** Batch arrays are capped by COGNATE_MAX_BATCH (default 256), read at parse time. */
function batch<T extends z.ZodType>(item: T, min: number, noun: string) {
  return z
    .array(item)
    .min(min, `give at least ${min === 1 ? "one" : min} ${noun}`)
    .superRefine((a, ctx) => {
      const max = config().auth.maxBatch;
      if (a.length > max) ctx.addIssue({ code: "custom", message: `give at most ${max} ${noun} (COGNATE_MAX_BATCH)` });
    });
}

/** Either `texts` (a similarity matrix) or `pairs` (one score per pair). */
export const similarityBody = z.union([
  z.object({ texts: z.array(text).min(2, "give at least two texts").max(64, "give at most 64 texts"), ...target }).strict(),
  z.object({ pairs: batch(z.tuple([text, text]), 1, "pairs"), ...target }).strict(),
]);

export const embedBody = z
  .object({ texts: batch(text, 1, "texts"), ...target })
  .strict();
