import { z, ZodError } from "zod";
import { MAX_ROW_ID } from "@/lib/core/row-id";

/** Deepest result offset a search may ask for (the UI pages up to 100 pages of 10). */
export const MAX_SEARCH_OFFSET = 1000;

const filterValue = z.union([z.string(), z.number(), z.boolean()]);

export const searchBody = z
  .object({
    // Its longest length is a setting: see assertSearchLimits.
    query: z.string().trim().default(""),
    mode: z.enum(["lexical", "dense", "hybrid"]).default("hybrid"),
    corpusId: z.coerce.number().int().positive().max(MAX_ROW_ID).optional(),
    k: z.coerce.number().int().min(1).max(100).default(10),
    // The search page goes to page 100 (offset 990); a deep offset makes dense search fetch offset + k neighbours.
    offset: z.coerce.number().int().min(0).max(MAX_SEARCH_OFFSET).default(0),
    /** Hybrid: default the fusion learnt on the live model's held-out data (else rrf). */
    fusion: z.enum(["rrf", "weighted"]).optional(),
    /** Weighted fusion's weight on dense; default the learnt one, else 0.5. */
    alpha: z.coerce.number().min(0).max(1).optional(),
    filters: z.record(z.string().min(1).max(100), filterValue).optional(),
    explain: z.coerce.boolean().default(false),
    /** Search with a vector of the model's dimension instead of text (dense mode only). */
    vector: z.array(z.number()).min(1).max(4096).optional(),
  })
  .refine((b) => b.query !== "" || b.vector, { message: "type something to search for", path: ["query"] })
  .refine((b) => !b.vector || b.mode === "dense", { message: "a vector query needs mode dense", path: ["mode"] });

/** Reads GET parameters: `q` or `query`, and `filter.FIELD=value` for metadata filters. */
export function searchParamsToBody(params: URLSearchParams): unknown {
  const body: Record<string, unknown> = {};
  const filters: Record<string, string> = {};
  for (const [key, value] of params) {
    if (key.startsWith("filter.")) filters[key.slice(7)] = value;
    else body[key === "q" ? "query" : key] = value;
  }
  if (body.explain !== undefined) body.explain = body.explain === "true" || body.explain === "1";
  return Object.keys(filters).length ? { ...body, filters } : body;
}

/** A search request as the schema gives it. */
export type SearchBody = z.infer<typeof searchBody>;

/**
 * Checks the limits of a search that are settings, which the route passes in (the server's
 * `COGNATE_MAX_QUERY_CHARS`); throws a ZodError, answered 400 like the schema's own.
 */
export function assertSearchLimits(body: SearchBody, limits: { maxQueryChars: number }): void {
  const max = limits.maxQueryChars;
  if (body.query.length > max)
    throw new ZodError([
      {
        code: "custom",
        path: ["query"],
        message: `use at most ${max} characters (COGNATE_MAX_QUERY_CHARS)`,
        input: body.query,
      },
    ]);
}
