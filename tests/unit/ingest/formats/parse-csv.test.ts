import { describe, expect, it } from "vitest";
import { parseFile } from "@/lib/ingest/formats/parse-file";
import { fixture, ingestError, utf8 } from "@/tests/unit/ingest/formats/helpers";

const csv = (text: string, options: Record<string, unknown> = {}) =>
  parseFile(utf8(text), { fileName: "data.csv", ...options });

describe("parseFile: CSV", () => {
  it("reads the fixture: text, title, typed metadata and source lines", () => {
    const docs = parseFile(fixture("articles.csv"), { fileName: "articles.csv" });
    expect(docs).toEqual([
      {
        title: "The Tides",
        text: "The moon pulls the oceans, and the oceans answer.",
        metadata: { id: 1, year: 2019, published: true, isbn: "0012345" },
        sourceLine: 2,
      },
      {
        title: "Quiet Stars",
        text: "Stars seem quiet.\nThey are not.",
        metadata: { id: 2, year: 2021, published: false, isbn: "12345" },
        sourceLine: 3,
      },
      {
        title: "articles.csv #3",
        text: "Untitled row keeps the file name as title.",
        metadata: { id: 3, year: 2020, published: true, isbn: "777" },
        sourceLine: 5,
      },
    ]);
  });

  it("joins chosen text columns with a blank line and keeps the rest as metadata", () => {
    const docs = csv("q,a,topic\nWhat is tea?,A drink.,food\n", { textColumns: ["q", "a"] });
    expect(docs).toEqual([
      { title: "data.csv #1", text: "What is tea?\n\nA drink.", metadata: { topic: "food" }, sourceLine: 2 },
    ]);
  });

  it("uses the chosen title column", () => {
    const docs = csv("headline,label,text\nH1,L1,Body one\n", { titleColumn: "label" });
    expect(docs[0]).toMatchObject({ title: "L1", text: "Body one", metadata: { headline: "H1" } });
  });

  it("matches chosen columns case-insensitively when the exact name is absent", () => {
    expect(csv("Body,ID\nhello,1\n", { textColumns: ["body"] })[0].text).toBe("hello");
  });

  it("picks a column named like text, case-insensitively, before longer columns", () => {
    const docs = csv("notes,Content\nsome much longer notes than the content,short\n");
    expect(docs[0]).toMatchObject({ text: "short", metadata: { notes: "some much longer notes than the content" } });
  });

  it("otherwise picks the string column with the longest average length", () => {
    const docs = csv(
      "sentence1,sentence2,score\nA man plays a guitar.,A man is playing a large guitar on stage.,4.2\nHi.,Hello there.,1\n",
    );
    expect(docs.map((d) => d.text)).toEqual(["A man is playing a large guitar on stage.", "Hello there."]);
    expect(docs[0].metadata).toEqual({ sentence1: "A man plays a guitar.", score: 4.2 });
  });

  it("picks a title column named title/name/subject/headline", () => {
    expect(csv("Subject,text\nRe: tea,Body\n")[0].title).toBe("Re: tea");
  });

  it("keeps numbers as numbers only when the whole column is safe", () => {
    const docs = csv(
      "text,int,dec,zip,big,mixed,flag,empty\n" +
        "a,1,0.5,02134,12345678901234567890,3,TRUE,\n" +
        "b,-20,10,90210,1,x,false,\n",
    );
    expect(docs[0].metadata).toEqual({
      int: 1,
      dec: 0.5,
      zip: "02134",
      big: "12345678901234567890",
      mixed: "3",
      flag: true,
      empty: null,
    });
    expect(docs[1].metadata).toEqual({
      int: -20,
      dec: 10,
      zip: "90210",
      big: "1",
      mixed: "x",
      flag: false,
      empty: null,
    });
  });

  it("skips rows whose text is empty", () => {
    const docs = csv("id,text\n1,first\n2,\n3,   \n4,fourth\n");
    expect(docs.map((d) => [d.text, d.sourceLine])).toEqual([
      ["first", 2],
      ["fourth", 5],
    ]);
  });

  it("reads semicolon- and tab-separated files", () => {
    expect(csv("id;text\n1;semi colon inside\n")[0]).toMatchObject({ text: "semi colon inside", metadata: { id: 1 } });
    expect(csv("id\ttext\n1\ttab separated\n")[0]).toMatchObject({ text: "tab separated", metadata: { id: 1 } });
  });

  it("gives the starting line of rows after multi-line quoted fields and blank lines", () => {
    const docs = csv('id,text\r\n1,"two\r\nlines"\r\n\r\n2,after a blank line\r\n3,"x\ny\nz"\n4,last');
    expect(docs.map((d) => d.sourceLine)).toEqual([2, 5, 6, 9]);
    expect(docs[0].text).toBe("two\nlines");
  });

  describe("errors", () => {
    it("reports an unclosed quote at the line where it opens (fixture, line 4)", () => {
      const err = ingestError(() => parseFile(fixture("unclosed-quote.csv"), { fileName: "unclosed-quote.csv" }));
      expect(err.line).toBe(4);
      expect(err.message).toMatch(/^unclosed-quote\.csv, line 4: a quoted field starts here and is never closed/);
    });

    it("reports an unclosed quote in a later field and after multi-line rows", () => {
      expect(ingestError(() => csv('id,text\n1,"a\nb"\n2,ok\n3,"open\n4,x\n')).line).toBe(5);
      expect(ingestError(() => csv('id,text\n1,ok\n2,"never')).line).toBe(3);
    });

    it("names the line where a never-closed quoted field begins, when a later quote seems to close it", () => {
      // The quote opened on line 7 runs on; csv-parse takes the first quote of line 8 as its close.
      const quoted = 'id,text\n"1","a"\n"2","b"\n"3","c"\n"4","d"\n"5","e"\n"6","open\n"7","x"\n"8","y"\n';
      const err = ingestError(() => csv(quoted));
      expect(err.line).toBe(7);
      expect(err.message).toMatch(
        /^data\.csv, line 7: a quoted field starts here and its quotes do not match \(a double quote on line 8/,
      );
      expect(ingestError(() => csv('id,text\n1,a\n2,"op\ne\nn"x\n')).line).toBe(3);
      expect(ingestError(() => csv('id,text\n1,a\n2,"op""en\n"3",x\n')).line).toBe(3);
    });

    it("reports a row with an extra column at its line (fixture, line 4)", () => {
      const err = ingestError(() => parseFile(fixture("extra-column.csv"), { fileName: "extra-column.csv" }));
      expect(err.line).toBe(4);
      expect(err.message).toBe(
        "extra-column.csv, line 4: the row has 4 fields but the header has 3; put double quotes around fields that contain commas, or fix the row",
      );
    });

    it("reports a short row, and the first line of a multi-line row", () => {
      expect(ingestError(() => csv("a,b,text\n1,2,3\n4,5\n")).line).toBe(3);
      expect(ingestError(() => csv('id,text\r\n1,"x\r\ny"\r\n2,"p\r\nq",extra\r\n')).line).toBe(4);
    });

    it("reports a stray quote inside an unquoted field", () => {
      const err = ingestError(() => csv('id,text\n1,fine\n2,say "hi"\n'));
      expect(err.line).toBe(3);
      expect(err.message).toContain("double quote is misplaced");
    });

    it("rejects a header without data rows", () => {
      expect(ingestError(() => csv("id,text\n")).message).toBe(
        "data.csv: the CSV has a header row but no data rows; add rows below the header line",
      );
    });

    it("rejects duplicate header names", () => {
      const err = ingestError(() => csv("text,id,text\na,1,b\n"));
      expect(err.message).toBe(
        'data.csv, line 1: the header has two columns named "text" (columns 1 and 3); rename one of them',
      );
    });

    it("rejects an empty header name", () => {
      expect(ingestError(() => csv("id, ,text\n1,2,3\n")).message).toBe(
        "data.csv, line 1: column 2 of the header has no name; give every column a name in the first line",
      );
    });

    it("rejects an unknown text column, listing the columns", () => {
      const err = ingestError(() => csv("id,body\n1,x\n", { textColumns: ["text"] }));
      expect(err.message).toBe('data.csv: textColumns: there is no column "text"; available columns: "id", "body"');
    });

    it("rejects an unknown title column, listing the columns", () => {
      expect(ingestError(() => csv("id,body\n1,x\n", { titleColumn: "title" })).message).toContain(
        'available columns: "id", "body"',
      );
    });

    it("rejects a file where every row's text is empty", () => {
      const err = ingestError(() => csv("id,text,other\n1,,x\n2, ,y\n"));
      expect(err.message).toMatch(/^data\.csv: every row has empty text in "text"; choose the column/);
    });

    it("rejects a file where no column holds text", () => {
      expect(ingestError(() => csv("a,b\n1,true\n2,false\n")).message).toContain("no column holds text");
    });

    it("rejects a row over maxLineBytes, even when its lines are short", () => {
      const row = `2,"${"word\n".repeat(40)}"`;
      const err = ingestError(() => csv(`id,text\n1,ok\n${row}\n`, { maxLineBytes: 100 }));
      expect(err.line).toBe(3);
      expect(err.message).toContain("over the 100 bytes limit per row");
    });
  });
});
