import { describe, expect, it } from "vitest";
import { toFtsQuery } from "@/lib/db/queries/lexical-search";
import { highlightSegments, parseHighlightMarks } from "@/lib/search/highlight-marks";
import { sharedTerms, stem } from "@/lib/search/term-match";

describe("query terms", () => {
  it("quotes every word so FTS5 syntax typed by users cannot break the query", () => {
    expect(toFtsQuery('NEAR("a" OR b*) -c AND "d"')).toBe('"near" OR "b" OR "c" OR "d"');
    expect(toFtsQuery("!!!")).toBeNull();
  });

  it("drops stop words unless nothing else is left", () => {
    expect(toFtsQuery("what is the speed of light")).toBe('"speed" OR "light"');
    expect(toFtsQuery("to be or not to be")).toBe('"not"');
    expect(toFtsQuery("the of")).toBe('"the" OR "of"');
  });

  it("matches words by stem and reports where they occur", () => {
    expect(stem("telescopes")).toBe(stem("telescope"));
    expect(stem("orbiting")).toBe("orbit");
    expect(stem("making")).toBe(stem("make"));
    expect(stem("studies")).toBe(stem("study"));
    expect(stem("boxes")).toBe(stem("box"));
    expect(stem("glass")).toBe("glass");
    const text = "Telescopes orbit the Earth; an orbiting telescope sees more.";
    const { terms, ranges } = sharedTerms("the orbit of a telescope", text);
    expect(terms.sort()).toEqual(["orbit", "telescope"]);
    expect(ranges.map(([s, e]) => text.slice(s, e))).toEqual(["Telescopes", "orbit", "orbiting", "telescope"]);
    // Nothing to look for (a vector query, stop words only): no terms, no ranges.
    expect(sharedTerms("", text)).toEqual({ terms: [], ranges: [] });
    expect(sharedTerms("the of", text)).toEqual({ terms: [], ranges: [] });
  });
});

describe("highlight marks", () => {
  it("turns FTS5 marks into ranges and segments without HTML", () => {
    const { text, highlights } = parseHighlightMarks("a \u0002<b>\u0003 c \u0002d\u0003", "\u0002", "\u0003");
    expect(text).toBe("a <b> c d");
    expect(highlights).toEqual([
      [2, 5],
      [8, 9],
    ]);
    expect(highlightSegments(text, highlights)).toEqual([
      { text: "a ", hit: false },
      { text: "<b>", hit: true },
      { text: " c ", hit: false },
      { text: "d", hit: true },
    ]);
  });
});
