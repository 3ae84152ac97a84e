import { detectDelimiter } from "@/lib/ingest/formats/csv-delimiter";
import { CsvError, parse } from "csv-parse/sync";
import { IngestError } from "@/lib/ingest/ingest-error";

/** One CSV record with the physical line it starts on. */
export interface CsvRecord {
  fields: string[];
  /** 1-based line where the record starts (a quoted field may span several lines). */
  line: number;
  /** Characters of the record's fields and delimiters, for the per-row size limit. */
  length: number;
}

/** What csv-parse returns per record with `info: true`. */
interface InfoRecord {
  record: string[];
  info: { lines: number };
}

const DELIMITER_NAMES: Record<string, string> = { ",": "commas", ";": "semicolons", "\t": "tabs", "|": "pipes" };

/**
 * Reads CSV text into records, the header being record 0. Nothing is relaxed: unclosed quotes,
 * stray quotes and rows with the wrong number of fields are errors that give the line.
 * Line endings are unified first, because csv-parse miscounts lines at CRLF inside quoted fields.
 * @param maxRecords stop after this many records (header included), for previews
 * @throws IngestError naming the 1-based line where the faulty record (or stray quote) is.
 */
export function readCsvRecords(text: string, fileName: string, maxRecords?: number): CsvRecord[] {
  const unified = text.replace(/\r\n?/g, "\n");
  const delimiter = detectDelimiter(unified);
  const options = { delimiter, skip_empty_lines: true, info: true, bom: false, to: maxRecords ?? -1 };
  let rows: InfoRecord[];
  try {
    rows = parse(unified, options) as unknown as InfoRecord[]; // the sync typings do not model `info`
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    // `raw: true` doubles csv-parse's cost, so it is asked for only to explain an error.
    throw csvIngestError(rawError(unified, options) ?? err, unified, delimiter, fileName);
  }
  if (rows.length === 0) throw new IngestError(fileName, "the file is empty");
  return rows.map(({ record, info }) => {
    let length = record.length - 1;
    let inner = 0;
    for (const field of record) {
      length += field.length;
      for (let i = field.indexOf("\n"); i !== -1; i = field.indexOf("\n", i + 1)) inner++;
    }
    // csv-parse gives the line where a record ends; after unifying line endings, the only
    // line breaks inside a record are those inside its quoted fields.
    return { fields: record, line: info.lines - inner, length };
  });
}

/** The same parse again with `raw`, which the error then carries. */
function rawError(text: string, options: object): CsvError | undefined {
  try {
    parse(text, { ...options, raw: true });
  } catch (err) {
    if (err instanceof CsvError) return err;
  }
  return undefined;
}

/** csv-parse reports the line where a record ends; `raw` tells how many lines it spans. */
function recordStartLine(endLine: number, raw: string): number {
  const body = raw.replace(/^\n+/, "").replace(/\n$/, "");
  let inner = 0;
  for (let i = body.indexOf("\n"); i !== -1; i = body.indexOf("\n", i + 1)) inner++;
  return endLine - inner;
}

function csvIngestError(err: CsvError, text: string, delimiter: string, fileName: string): IngestError {
  const raw = typeof err.raw === "string" ? err.raw : "";
  const lines = typeof err.lines === "number" ? err.lines : undefined;
  const fieldsName = DELIMITER_NAMES[delimiter] ?? `"${delimiter}"`;
  switch (err.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return new IngestError(
        fileName,
        'a quoted field starts here and is never closed; add the closing double quote ("), and write quotes inside a field as two ("")',
        unclosedQuoteLine(text, raw, delimiter),
      );
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH":
    case "CSV_RECORD_INCONSISTENT_COLUMNS": {
      const got = Array.isArray(err.record) ? err.record.length : undefined;
      const expected = headerLength(text, delimiter);
      const counts =
        got !== undefined && expected !== undefined
          ? `${got} fields but the header has ${expected}`
          : "a different number of fields than the header";
      return new IngestError(
        fileName,
        `the row has ${counts}; put double quotes around fields that contain ${fieldsName}, or fix the row`,
        lines === undefined ? undefined : recordStartLine(lines, raw),
      );
    }
    case "INVALID_OPENING_QUOTE":
    case "CSV_INVALID_CLOSING_QUOTE": {
      const start = lines === undefined ? undefined : lines - newlinesInLastField(raw, delimiter);
      if (start !== undefined && start < lines!) {
        // The field opened with a quote on an earlier line: that quote is most likely never closed,
        // and what csv-parse saw as its closing quote is the opening quote of a later field.
        return new IngestError(
          fileName,
          `a quoted field starts here and its quotes do not match (a double quote on line ${lines} is followed by other characters); ` +
            'add the closing double quote (") where the field ends, and write quotes inside a field as two ("")',
          start,
        );
      }
      return new IngestError(
        fileName,
        'a double quote is misplaced (inside an unquoted field or after a closing quote); put the whole field in double quotes and write quotes inside it as two ("")',
        lines,
      );
    }
    default:
      return new IngestError(
        fileName,
        `could not read the CSV (${err.message}); check that it is comma-separated with a header row`,
        lines,
      );
  }
}

/**
 * Line breaks inside the last field of `raw` (a record read up to the error), so that an error
 * names the line where the faulty field begins, not the line where csv-parse noticed it.
 */
function newlinesInLastField(raw: string, delimiter: string): number {
  let fieldStart = 0;
  let inQuotes = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '"')
      inQuotes = !inQuotes; // a doubled quote toggles twice
    else if (!inQuotes && (c === delimiter || c === "\n")) fieldStart = i + 1;
  }
  let count = 0;
  for (let i = raw.indexOf("\n", fieldStart); i !== -1; i = raw.indexOf("\n", i + 1)) count++;
  return count;
}

/** Number of header fields, read again on the error path only. */
function headerLength(text: string, delimiter: string): number | undefined {
  try {
    const [header] = parse(text, { delimiter, skip_empty_lines: true, to: 1 }) as string[][];
    return header?.length;
  } catch {
    return undefined;
  }
}

/**
 * Line of the opening quote that never closes. At end of input csv-parse's line count is off
 * by one, but `raw` then holds everything from the faulty record's start to the end of the text.
 */
function unclosedQuoteLine(text: string, raw: string, delimiter: string): number {
  const recordStart = text.length - raw.length;
  let open = recordStart;
  let inQuotes = false;
  let fieldStart = true;
  for (let i = recordStart; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"' && text[i + 1] === '"') i++;
      else if (c === '"') inQuotes = false;
      continue;
    }
    if (c === '"' && fieldStart) [inQuotes, open] = [true, i];
    fieldStart = c === delimiter || c === "\n";
  }
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < open; i = text.indexOf("\n", i + 1)) line++;
  return line;
}
