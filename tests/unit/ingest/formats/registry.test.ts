import { describe, expect, it } from "vitest";
import { formatOfName } from "@/lib/ingest/formats/file-format";
import { parseFile } from "@/lib/ingest/formats/parse-file";
import { ACCEPT, browserFormats, detectFormat, fileFormatSchema, UPLOAD_FORMATS } from "@/lib/ingest/formats/registry";

describe("the upload format registry", () => {
  it("derives detection, the API enum and the file picker's filter from the one list", () => {
    for (const format of UPLOAD_FORMATS) {
      expect(fileFormatSchema.parse(format.id)).toBe(format.id);
      for (const ext of format.extensions) {
        expect(detectFormat(`notes${ext.toUpperCase()}`)).toBe(format.id);
        expect(ACCEPT.split(",")).toContain(ext);
      }
      for (const mime of format.mimeTypes) expect(ACCEPT.split(",")).toContain(mime);
    }
    expect(fileFormatSchema.safeParse("pdf").success).toBe(false);
  });

  it("gives the browser the same recognition as the server, with the server's wording", () => {
    expect(formatOfName(browserFormats(), "a/b/table.NDJSON")).toEqual({
      id: "jsonl",
      extensions: [".jsonl", ".ndjson"],
      tabular: true,
    });
    expect(() => formatOfName(browserFormats(), "scan.pdf")).toThrow(
      /"\.pdf" is not supported; supported extensions are \.txt, \.text, \.md/,
    );
  });

  it("parses every format through its own entry", () => {
    const samples: Record<string, string> = {
      txt: "plain words",
      md: "# Title\n\nplain words",
      csv: "title,text\nTitle,plain words\n",
      jsonl: '{"title":"Title","text":"plain words"}\n',
      html: "<title>Title</title><p>plain words</p>",
    };
    for (const format of UPLOAD_FORMATS) {
      const [doc] = parseFile(new TextEncoder().encode(samples[format.id]), { fileName: `x${format.extensions[0]}` });
      expect(doc.text, format.id).toContain("plain words");
    }
  });
});
