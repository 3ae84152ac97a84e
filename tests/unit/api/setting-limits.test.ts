import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { assertSearchLimits, searchBody } from "@/app/api/v1/search/schemas";
import { assertBatchLimit, embedBody, similarityBody } from "@/app/api/v1/similarity/schemas";
import { errorResponse } from "@/lib/api/api-error";

describe("limits that are settings, passed in by the route", () => {
  it("refuses a query longer than the limit given, as the schema's own 400", async () => {
    const body = searchBody.parse({ query: "  twelve chars  " });
    expect(() => assertSearchLimits(body, { maxQueryChars: 12 })).not.toThrow();
    let thrown: unknown;
    try {
      assertSearchLimits(body, { maxQueryChars: 11 });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ZodError);
    const response = errorResponse(thrown);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        message: "invalid request: query: use at most 11 characters (COGNATE_MAX_QUERY_CHARS)",
        details: [{ path: "query", message: "use at most 11 characters (COGNATE_MAX_QUERY_CHARS)" }],
      },
    });
  });

  it("caps similarity pairs and embed texts at the batch limit given", () => {
    const pairs = similarityBody.parse({
      pairs: [
        ["a", "b"],
        ["c", "d"],
        ["e", "f"],
      ],
    });
    expect(() => assertBatchLimit(pairs as { pairs: unknown[] }, { maxBatch: 3 })).not.toThrow();
    expect(() => assertBatchLimit(pairs as { pairs: unknown[] }, { maxBatch: 2 })).toThrow(
      /give at most 2 pairs \(COGNATE_MAX_BATCH\)/,
    );
    const texts = embedBody.parse({ texts: ["a", "b"] });
    expect(() => assertBatchLimit(texts, { maxBatch: 1 })).toThrow(/give at most 1 texts/);
  });
});
