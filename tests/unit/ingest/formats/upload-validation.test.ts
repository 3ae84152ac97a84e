import { describe, expect, it } from "vitest";
import { parseFile } from "@/lib/ingest/formats/parse-file";
import { ingestError, utf8 } from "@/tests/unit/ingest/formats/helpers";

const BINARY = "looks like a binary file; upload UTF-8 text (.txt, .md, .csv, .jsonl, .html)";

describe("upload validation (all formats)", () => {
  it.each(["a.txt", "a.md", "a.csv", "a.jsonl", "a.html"])("rejects an empty %s", (fileName) => {
    expect(ingestError(() => parseFile(new Uint8Array(0), { fileName })).message).toBe(
      `${fileName}: the file is empty`,
    );
    expect(ingestError(() => parseFile(utf8(" \n\t\r\n  "), { fileName })).message).toBe(
      `${fileName}: the file is empty`,
    );
  });

  it("treats a file holding only a BOM as empty", () => {
    expect(ingestError(() => parseFile(new Uint8Array([0xef, 0xbb, 0xbf]), { fileName: "a.txt" })).message).toBe(
      "a.txt: the file is empty",
    );
  });

  it("rejects a file with a NUL byte as binary", () => {
    const bytes = utf8("hello world, this is text\u0000 with a NUL");
    expect(ingestError(() => parseFile(bytes, { fileName: "a.txt" })).message).toBe(`a.txt: ${BINARY}`);
  });

  it("rejects a file full of control characters as binary", () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i % 3 === 0 ? 0x01 + (i % 7) : 0x41 + (i % 26)));
    expect(ingestError(() => parseFile(bytes, { fileName: "image.csv" })).message).toBe(`image.csv: ${BINARY}`);
  });

  it("tolerates a stray control character in otherwise normal text", () => {
    const docs = parseFile(utf8("Normal text with one\u0007 bell in a longer sentence."), { fileName: "a.txt" });
    expect(docs[0].text).toBe("Normal text with one bell in a longer sentence.");
  });

  it("rejects UTF-16 with advice to re-save as UTF-8", () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0x68, 0x00, 0x69, 0x00]);
    const err = ingestError(() => parseFile(bytes, { fileName: "u16.txt" }));
    expect(err.message).toContain("UTF-16");
    expect(err.message).toContain("re-save it as UTF-8");
  });

  it("gives the line of the first invalid UTF-8 byte", () => {
    // Latin-1 "é" (0xE9) on line 3, after CRLF and LF line breaks.
    const bytes = new Uint8Array([...utf8("line one\r\nline two\ncaf"), 0xe9, ...utf8("\nline four")]);
    const err = ingestError(() => parseFile(bytes, { fileName: "latin1.txt" }));
    expect(err.line).toBe(3);
    expect(err.message).toMatch(/^latin1\.txt, line 3: the file is not valid UTF-8 \(byte 0xe9 at byte offset 22\)/);
    expect(err.message).toContain("re-save it as UTF-8");
  });

  it.each([
    ["overlong encoding", [0xc0, 0xaf]],
    ["encoded surrogate", [0xed, 0xa0, 0x80]],
    ["truncated sequence at the end", [0xe2, 0x82]],
    ["beyond U+10FFFF", [0xf4, 0x90, 0x80, 0x80]],
  ])("rejects an %s", (_, bad) => {
    const bytes = new Uint8Array([...utf8("ok\nok "), ...bad]);
    const err = ingestError(() => parseFile(bytes, { fileName: "bad.txt" }));
    expect(err.line).toBe(2);
    expect(err.message).toContain("at byte offset 6");
  });

  it("accepts valid multi-byte UTF-8 and strips a BOM", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("Grüße, 世界 😀")]);
    expect(parseFile(bytes, { fileName: "a.txt" })[0].text).toBe("Grüße, 世界 😀");
  });

  it("strips a BOM before a CSV header", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("text,id\nhello,1\n")]);
    expect(parseFile(bytes, { fileName: "a.csv" })[0]).toMatchObject({ text: "hello", metadata: { id: 1 } });
  });

  it("rejects a file over maxBytes, giving the size and the limit", () => {
    const err = ingestError(() => parseFile(utf8("x".repeat(3000)), { fileName: "big.txt", maxBytes: 2048 }));
    expect(err.message).toBe("big.txt: the file is 2.9 KiB, over the 2 KiB limit; split it into smaller files");
  });

  it("applies a 50 MiB default limit", () => {
    const err = ingestError(() => parseFile(new Uint8Array(50 * 1024 * 1024 + 1), { fileName: "huge.txt" }));
    expect(err.message).toContain("over the 50 MiB limit");
  });

  it("rejects a line over maxLineBytes with its line number", () => {
    const text = `short\r\nshort\n${"y".repeat(200)}\nshort`;
    const err = ingestError(() => parseFile(utf8(text), { fileName: "long.txt", maxLineBytes: 100 }));
    expect(err.line).toBe(3);
    expect(err.message).toBe(
      "long.txt, line 3: the line is 200 bytes long, over the 100 bytes limit per line; break it into shorter lines or records",
    );
  });

  it("counts bytes, not characters, for the line limit", () => {
    expect(() => parseFile(utf8("é".repeat(50)), { fileName: "a.txt", maxLineBytes: 100 })).not.toThrow();
    expect(ingestError(() => parseFile(utf8("é".repeat(51)), { fileName: "a.txt", maxLineBytes: 100 })).line).toBe(1);
  });

  it("rejects nonsensical limits", () => {
    expect(ingestError(() => parseFile(utf8("x"), { fileName: "a.txt", maxBytes: 0 })).message).toContain(
      "maxBytes must be a positive number",
    );
  });

  it("rejects an unknown explicit format", () => {
    const err = ingestError(() => parseFile(utf8("x"), { fileName: "a.txt", format: "pdf" as never }));
    expect(err.message).toBe('a.txt: unknown format "pdf"; use one of txt, md, csv, jsonl, html');
  });

  it("rejects an unknown extension", () => {
    expect(ingestError(() => parseFile(utf8("x"), { fileName: "a.docx" })).message).toContain(
      "supported extensions are .txt",
    );
  });

  it("lets an explicit format override the extension", () => {
    expect(parseFile(utf8("text\nhello"), { fileName: "data.txt", format: "csv" })[0].text).toBe("hello");
  });

  it("rejects a file whose text is empty after cleaning", () => {
    const err = ingestError(() => parseFile(utf8("<html><script>x()</script></html>"), { fileName: "a.html" }));
    expect(err.message).toMatch(/^a\.html: no text is left/);
  });
});
