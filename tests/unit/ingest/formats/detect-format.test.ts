import { describe, expect, it } from "vitest";
import { detectFormat } from "@/lib/ingest/formats/registry";
import { ingestError } from "@/tests/unit/ingest/formats/helpers";

describe("detectFormat", () => {
  it.each([
    ["a.txt", "txt"],
    ["a.TEXT", "txt"],
    ["README.md", "md"],
    ["notes.Markdown", "md"],
    ["data.csv", "csv"],
    ["rows.jsonl", "jsonl"],
    ["rows.ndjson", "jsonl"],
    ["page.html", "html"],
    ["PAGE.HTM", "html"],
    ["dir/sub.v2/file.csv", "csv"],
  ])("%s is %s", (name, format) => {
    expect(detectFormat(name)).toBe(format);
  });

  it("rejects an unknown extension, listing the supported ones", () => {
    const err = ingestError(() => detectFormat("report.pdf"));
    expect(err.message).toContain("report.pdf");
    expect(err.message).toContain('".pdf"');
    for (const ext of [".txt", ".text", ".md", ".markdown", ".csv", ".jsonl", ".ndjson", ".html", ".htm"]) {
      expect(err.message).toContain(ext);
    }
  });

  it("rejects a name without extension", () => {
    expect(ingestError(() => detectFormat("Makefile")).message).toContain("no extension");
  });
});
