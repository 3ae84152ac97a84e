import { describe, expect, it } from "vitest";
import { inspectFile, parseFile } from "@/lib/ingest/formats/parse-file";
import { fixture, ingestError, utf8 } from "@/tests/unit/ingest/formats/helpers";

describe("inspectFile", () => {
  it("lists CSV columns, suggestions and the first rows", () => {
    expect(inspectFile(fixture("articles.csv"), { fileName: "articles.csv" })).toEqual({
      format: "csv",
      columns: ["id", "title", "body", "year", "published", "isbn"],
      suggestedTextColumns: ["body"],
      suggestedTitleColumn: "title",
      sample: [
        {
          id: "1",
          title: "The Tides",
          body: "The moon pulls the oceans, and the oceans answer.",
          year: "2019",
          published: "true",
          isbn: "0012345",
        },
        {
          id: "2",
          title: "Quiet Stars",
          body: "Stars seem quiet.\nThey are not.",
          year: "2021",
          published: "false",
          isbn: "12345",
        },
        {
          id: "3",
          title: "",
          body: "Untitled row keeps the file name as title.",
          year: "2020",
          published: "true",
          isbn: "777",
        },
      ],
    });
  });

  it("suggests the CSV text column that parseFile uses by default", () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i},short ${i},a rather longer sentence number ${i}`).join(
      "\n",
    );
    const bytes = utf8(`n,left,right\n${rows}\n`);
    const inspection = inspectFile(bytes, { fileName: "pairs.csv" });
    expect(inspection.suggestedTextColumns).toEqual(["right"]);
    expect(inspection.suggestedTitleColumn).toBeUndefined();
    expect(inspection.sample).toHaveLength(5);
    expect(parseFile(bytes, { fileName: "pairs.csv" })[0].text).toBe("a rather longer sentence number 0");
  });

  it("lists JSONL keys (nested strings as dot paths) and suggestions", () => {
    const bytes = utf8(
      '{"id": 1, "title": "T", "text": "x", "meta": {"src": "web", "n": 2}}\n{"id": 2, "extra": true, "text": "y"}\n',
    );
    const inspection = inspectFile(bytes, { fileName: "r.jsonl" });
    expect(inspection).toMatchObject({
      format: "jsonl",
      columns: ["id", "title", "text", "meta", "meta.src", "extra"],
      suggestedTextColumns: ["text"],
      suggestedTitleColumn: "title",
    });
    expect(inspection.sample[1]).toEqual({ id: 2, extra: true, text: "y" });
  });

  it("returns title and the start of the text for single-document formats", () => {
    const md = inspectFile(fixture("notes.md"), { fileName: "notes.md" });
    expect(md.format).toBe("md");
    expect(md.columns).toBeUndefined();
    expect(md.sample).toEqual([{ title: "Field notes", text: expect.stringMatching(/^Field notes\n\nBirds sing/) }]);
    const long = inspectFile(utf8("word ".repeat(1000)), { fileName: "long.txt" });
    expect((long.sample[0].text as string).length).toBe(500);
  });

  it("rejects what parseFile rejects at the start of a file", () => {
    expect(ingestError(() => inspectFile(new Uint8Array(0), { fileName: "a.csv" })).message).toBe(
      "a.csv: the file is empty",
    );
    expect(ingestError(() => inspectFile(utf8("a,a\n1,2\n"), { fileName: "a.csv" })).line).toBe(1);
    expect(ingestError(() => inspectFile(utf8("{}\n{oops\n"), { fileName: "a.jsonl" })).line).toBe(2);
    expect(ingestError(() => inspectFile(utf8("x"), { fileName: "a.bin" })).message).toContain("supported extensions");
  });
});
