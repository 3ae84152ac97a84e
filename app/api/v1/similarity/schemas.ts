import { z, ZodError } from "zod";
import { ApiError } from "@/lib/api/api-error";
import type { AuthConfig } from "@/lib/config";
import { MAX_ROW_ID } from "@/lib/core/row-id";

const text = z.string().trim().min(1, "texts must not be empty").max(2000, "use at most 2000 characters per text");
const target = {
  corpusId: z.coerce.number().int().positive().max(MAX_ROW_ID).optional(),
  modelVersionId: z.coerce.number().int().positive().max(MAX_ROW_ID).optional(),
};

/** Batch arrays; their longest length is a setting (COGNATE_MAX_BATCH): see assertBatchLimit. */
function batch<T extends z.ZodType>(item: T, min: number, noun: string) {
  return z.array(item).min(min, `give at least ${min === 1 ? "one" : min} ${noun}`);
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
export function assertAnonymousSize(
  body: z.infer<typeof similarityBody>,
  limits: Pick<AuthConfig, "maxBatchAnonymous" | "maxTextCharsAnonymous">,
): void {
  const { maxBatchAnonymous: maxItems, maxTextCharsAnonymous: maxChars } = limits;
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

/**
 * Checks a batch (`pairs` of a similarity request, `texts` of an embed request) against the
 * server's `COGNATE_MAX_BATCH`, which the route passes in; throws a ZodError, answered 400 like
 * the schema's own.
 */
export function assertBatchLimit(
  body: { pairs: unknown[] } | { texts: unknown[] },
  limits: Pick<AuthConfig, "maxBatch">,
): void {
  const [noun, items] = "pairs" in body ? ["pairs", body.pairs] : ["texts", body.texts];
  const max = limits.maxBatch;
  if (items.length > max)
    throw new ZodError([
      { code: "custom", path: [noun], message: `give at most ${max} ${noun} (COGNATE_MAX_BATCH)`, input: items },
    ]);
}
