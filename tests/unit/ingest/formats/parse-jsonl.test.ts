import { describe, expect, it } from "vitest";
import { parseFile } from "@/lib/ingest/formats/parse-file";
import { readJsonlRecords } from "@/lib/ingest/formats/parse-jsonl";
import { fixture, ingestError, utf8 } from "@/tests/unit/ingest/formats/helpers";

const jsonl = (text: string, options: Record<string, unknown> = {}) =>
  parseFile(utf8(text), { fileName: "rows.jsonl", ...options });

describe("parseFile: JSONL", () => {
  it("reads the fixture: text, title, scalar metadata and source lines", () => {
    expect(parseFile(fixture("records.jsonl"), { fileName: "records.jsonl" })).toEqual([
      {
        title: "Tea",
        text: "Green tea is steamed; black tea is oxidised.",
        metadata: { id: 1, lang: "en", score: 0.9, draft: false, note: null },
        sourceLine: 1,
      },
      {
        title: "Coffee",
        text: "Coffee beans are roasted seeds.",
        metadata: { id: 2, lang: "en", score: 0.7, draft: true, note: "checked" },
        sourceLine: 3,
      },
    ]);
  });

  it("uses a chosen text field given as a dot path", () => {
    const docs = jsonl('{"body": {"text": "nested text", "lang": "en"}, "id": 7}\r\n', { textField: "body.text" });
    expect(docs).toEqual([{ title: "rows.jsonl #1", text: "nested text", metadata: { id: 7 }, sourceLine: 1 }]);
  });

  it("prefers a key that itself contains dots", () => {
    expect(jsonl('{"body.text": "flat", "body": {"text": "nested"}}\n', { textField: "body.text" })[0].text).toBe(
      "flat",
    );
  });

  it("uses a chosen title field and keeps the default one as metadata", () => {
    const docs = jsonl('{"content": "c", "title": "T", "heading": "H"}\n', { titleField: "heading" });
    expect(docs[0]).toMatchObject({ title: "H", text: "c", metadata: { title: "T" } });
  });

  it("picks text/body/content/passage/sentence and title/name/subject by default", () => {
    expect(jsonl('{"passage": "p", "name": "N"}\n')[0]).toMatchObject({ title: "N", text: "p" });
    expect(jsonl('{"sentence": "s", "subject": "S", "body": 3}\n')[0]).toMatchObject({
      title: "S",
      text: "s",
      metadata: { body: 3 },
    });
  });

  it("falls back to file name and record number when a title is missing", () => {
    const docs = jsonl('{"text": "a", "title": "A"}\n{"text": "b"}\n{"text": "c", "title": ""}\n');
    expect(docs.map((d) => d.title)).toEqual(["A", "rows.jsonl #2", "rows.jsonl #3"]);
  });

  it("drops records whose text is empty after normalizing", () => {
    expect(jsonl('{"text": "  "}\n{"text": "kept"}\n').map((d) => d.text)).toEqual(["kept"]);
  });

  describe("errors", () => {
    it("gives the line of invalid JSON", () => {
      const err = ingestError(() => jsonl('{"text": "a"}\n\n{"text": "b"\n{"text": "c"}\n'));
      expect(err.line).toBe(3);
      expect(err.message).toMatch(
        /^rows\.jsonl, line 3: not valid JSON \(.+\); each line must hold one complete JSON object$/,
      );
    });

    it("gives the line of a value that is not an object", () => {
      const err = ingestError(() => jsonl('{"text": "a"}\n["text", "b"]\n'));
      expect(err.message).toBe(
        "rows.jsonl, line 2: expected a JSON object ({...}) but found an array; each line must hold one JSON object",
      );
      expect(ingestError(() => jsonl('{"text": "a"}\n\n"just a string"\n')).line).toBe(3);
      expect(ingestError(() => jsonl("null\n")).message).toContain("found null");
    });

    it("gives the line and keys of a record without the text field", () => {
      const err = ingestError(() => jsonl('{"text": "a"}\n{"txt": "b", "meta": {"k": "v"}}\n'));
      expect(err.message).toBe('rows.jsonl, line 2: the record has no field "text"; its keys are: txt, meta, meta.k');
    });

    it("gives the line of a text field that is not a string", () => {
      const err = ingestError(() => jsonl('{"body": {"text": 12}}\n', { textField: "body.text" }));
      expect(err.message).toBe(
        'rows.jsonl, line 1: the record has "body.text" as a number, not a string; its keys are: body',
      );
    });

    it("asks for textField when no default text field exists", () => {
      const err = ingestError(() => jsonl('\n{"question": "q", "answer": "a"}\n'));
      expect(err.line).toBe(2);
      expect(err.message).toContain(
        "no text field found (looked for text, body, content, passage, sentence); choose one with textField from: question, answer",
      );
    });

    it("rejects a file with no records", () => {
      expect(ingestError(() => jsonl("\n  \n\n")).message).toBe("rows.jsonl: the file is empty");
      expect(ingestError(() => readJsonlRecords("\n \n", "rows.jsonl")).message).toBe(
        "rows.jsonl: the file has no JSON records; put one JSON object on each line",
      );
    });

    it("rejects a line over maxLineBytes", () => {
      const long = JSON.stringify({ text: "w ".repeat(100) });
      expect(ingestError(() => jsonl(`{"text": "a"}\n${long}\n`, { maxLineBytes: 100 })).line).toBe(2);
    });
  });
});
