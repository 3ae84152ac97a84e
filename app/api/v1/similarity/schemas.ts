import { z } from "zod";
import { ApiError } from "@/lib/api/api-error";
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
  z
    .object({ texts: z.array(text).min(2, "give at least two texts").max(64, "give at most 64 texts"), ...target })
    .strict(),
  z.object({ pairs: batch(z.tuple([text, text]), 1, "pairs"), ...target }).strict(),
]);

export const embedBody = z.object({ texts: batch(text, 1, "texts"), ...target }).strict();

/**
 * Anonymous callers (a public corpus's model) get far smaller requests than accounts and keys:
 * at most COGNATE_MAX_BATCH_ANONYMOUS texts or pairs of COGNATE_MAX_TEXT_CHARS_ANONYMOUS
 * characters each. Throws 400 naming the field, and saying how to get more.
 */
export function assertAnonymousSize(body: z.infer<typeof similarityBody>): void {
  const { maxBatchAnonymous: maxItems, maxTextCharsAnonymous: maxChars } = config().auth;
  const field = "texts" in body ? "texts" : "pairs";
  const items = "texts" in body ? body.texts : body.pairs;
  const texts = "texts" in body ? body.texts : body.pairs.flat();
  const problems: { path: string; message: string }[] = [];
  if (items.length > maxItems)
    problems.push({ path: field, message: `without logging in, give at most ${maxItems} ${field}` });
  const long = texts.findIndex((t) => t.length > maxChars);
  if (long >= 0)
    problems.push({ path: field, message: `without logging in, use at most ${maxChars} characters per text` });
  if (problems.length)
    throw new ApiError(
      400,
      `${problems.map((p) => p.message).join("; ")} (log in or use an API key for larger requests)`,
      problems,
    );
}
