import { detectDelimiter } from "@/lib/ingest/formats/csv-delimiter";
import { checkHeader, suggestTextColumn, suggestTitleColumn } from "@/lib/ingest/formats/csv-columns";
import type { FileInspection } from "@/lib/ingest/formats/parse-options";
import { INSPECT_SAMPLE_ROWS, SUGGESTION_SAMPLE_ROWS } from "@/lib/ingest/formats/parse-options";

/**
 * Header, suggested columns and first rows of the start of a CSV file, for the upload form in
 * the browser. Same answer as inspectCsv on well-formed input, but without csv-parse (which
 * needs Node's Buffer), and lenient: it reads what it can and leaves the strict checks,
 * with their line numbers, to the server.
 * @param text the file's first bytes, decoded, cut at a line break
 * @throws IngestError for a header with an empty or repeated column name (the server refuses those too)
 */
export function previewCsv(text: string, fileName: string): FileInspection {
  const unified = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const records = readRecords(unified, detectDelimiter(unified), SUGGESTION_SAMPLE_ROWS + 1);
  const columns = checkHeader(records[0] ?? [""], fileName);
  const rows = records.slice(1);
  const title = suggestTitleColumn(columns);
  const textIndex = suggestTextColumn(columns, rows, title);
  return {
    format: "csv",
    columns,
    suggestedTextColumns: textIndex === undefined ? [] : [columns[textIndex]],
    ...(title === undefined || title === textIndex ? {} : { suggestedTitleColumn: columns[title] }),
    sample: rows
      .slice(0, INSPECT_SAMPLE_ROWS)
      .map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i] ?? ""]))),
  };
}

/** RFC 4180 records (quoted fields, "" for a quote, line breaks inside quotes), blank lines skipped. */
function readRecords(text: string, delimiter: string, max: number): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== "") records.push(fields);
    fields = [];
    field = "";
  };
  for (let i = 0; i < text.length && records.length < max; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = "";
    } else if (ch === "\n") endRecord();
    else field += ch;
  }
  if (records.length < max && (field !== "" || fields.length > 0)) endRecord();
  return records;
}
