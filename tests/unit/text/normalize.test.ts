import { describe, expect, it } from "vitest";
import { normalizeLine, normalizeText } from "@/lib/text/normalize";

describe("normalizeText", () => {
  it("turns CRLF and CR into LF", () => {
    expect(normalizeText("a\r\nb\rc\nd")).toBe("a\nb\nc\nd");
  });

  it("turns tabs, no-break and typographic spaces into single spaces", () => {
    expect(normalizeText("a\tb\u00A0c\u2003d\u202Fe\u3000f")).toBe("a b c d e f");
  });

  it("removes control and invisible characters", () => {
    expect(normalizeText("a\u0000b\u0007c\u001Bd\u007Fe\u0085f\u200Bg\u00ADh\uFEFFi")).toBe("abcde\nfghi");
  });

  it("keeps zero-width joiners that change how text renders", () => {
    expect(normalizeText("👩\u200D💻 ن\u200Cم")).toBe("👩\u200D💻 ن\u200Cم");
  });

  it("composes to NFC", () => {
    expect(normalizeText("Cafe\u0301")).toBe("Caf\u00E9");
  });

  it("collapses runs of spaces and trims every line", () => {
    expect(normalizeText("  a    b  \n   c   ")).toBe("a b\nc");
  });

  it("keeps at most one blank line between paragraphs", () => {
    expect(normalizeText("a\n\n\n\nb\n \n \n\nc")).toBe("a\n\nb\n\nc");
  });

  it("treats form feed and paragraph separator as paragraph breaks", () => {
    expect(normalizeText("a\fb\u2029c\u2028d")).toBe("a\n\nb\n\nc\nd");
  });

  it("returns an empty string for whitespace and controls only", () => {
    expect(normalizeText(" \t\r\n\u0001\u00A0 ")).toBe("");
  });

  it("is idempotent", () => {
    const samples = ["  a\r\n\r\n\r\n b\t\tc ", "x\u00A0\u00A0y\n\n\n\nz", "Cafe\u0301\u200B \u0007!", "\n\n a \n\n"];
    for (const s of samples) expect(normalizeText(normalizeText(s))).toBe(normalizeText(s));
  });
});

describe("normalizeLine", () => {
  it("joins lines with spaces", () => {
    expect(normalizeLine(" A\n\ntitle\r\nhere ")).toBe("A title here");
  });
});
