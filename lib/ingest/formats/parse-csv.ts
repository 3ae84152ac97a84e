import { baseName } from "@/lib/ingest/formats/file-format";
import type { UploadFormat } from "@/lib/ingest/formats/upload-format";
import { formatBytes } from "@/lib/core/format-bytes";
import { IngestError } from "@/lib/ingest/ingest-error";
import {
  checkHeader,
  columnType,
  convertCell,
  findColumn,
  suggestTextColumn,
  suggestTitleColumn,
  type ColumnType,
} from "@/lib/ingest/formats/csv-columns";
import { readCsvRecords, type CsvRecord } from "@/lib/ingest/formats/csv-records";
import type { FileInspection, MetadataValue, ParsedDocument, ParseOptions } from "@/lib/ingest/formats/parse-options";
import { INSPECT_SAMPLE_ROWS, SUGGESTION_SAMPLE_ROWS } from "@/lib/ingest/formats/parse-options";

/** Which columns play which part, as indexes into the header. */
interface ColumnPlan {
  columns: string[];
  text: number[];
  title?: number;
}

/**
 * One document per data row: the text columns joined by a blank line, the title column (or
 * "<file> #<row>", rows counted from 1 below the header), every other column as metadata,
 * typed per column (numbers and booleans only where every cell of the column is one).
 * Rows with empty text are skipped. Text is not normalized here; parseFile does that.
 * @throws IngestError for malformed CSV, a bad header, unknown columns, no data rows,
 *   an oversized row, or when every row's text is empty.
 */
export function parseCsv(text: string, options: ParseOptions, maxLineBytes: number): ParsedDocument[] {
  const { fileName } = options;
  const records = readCsvRecords(text, fileName);
  const header = checkHeader(records[0].fields, fileName);
  const rows = records.slice(1);
  if (rows.length === 0) {
    throw new IngestError(fileName, "the CSV has a header row but no data rows; add rows below the header line");
  }
  checkRowSizes(rows, fileName, maxLineBytes);
  const fields = rows.map((r) => r.fields);
  const plan = planColumns(header, fields, options);
  const types = header.map((_, i) => (isMetadata(plan, i) ? columnType(fields, i) : "string"));
  const documents = rows.flatMap((row, n) => rowDocument(row, n + 1, plan, types, fileName));
  if (documents.length === 0) {
    const names = plan.text.map((i) => `"${header[i]}"`).join(", ");
    throw new IngestError(
      fileName,
      `every row has empty text in ${names}; choose the column(s) that hold the text (available: ${header.map((c) => `"${c}"`).join(", ")})`,
    );
  }
  return documents;
}

/**
 * Header, suggested columns and the first rows, reading only as many rows as suggestions need.
 * @throws IngestError for malformed CSV within those rows or a bad header.
 */
export function inspectCsv(text: string, fileName: string): FileInspection {
  const records = readCsvRecords(text, fileName, SUGGESTION_SAMPLE_ROWS + 1);
  const columns = checkHeader(records[0].fields, fileName);
  const fields = records.slice(1).map((r) => r.fields);
  const title = suggestTitleColumn(columns);
  const textIndex = suggestTextColumn(columns, fields, title);
  return {
    format: "csv",
    columns,
    suggestedTextColumns: textIndex === undefined ? [] : [columns[textIndex]],
    ...(title === undefined || title === textIndex ? {} : { suggestedTitleColumn: columns[title] }),
    sample: fields.slice(0, INSPECT_SAMPLE_ROWS).map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]]))),
  };
}

function planColumns(columns: string[], rows: string[][], options: ParseOptions): ColumnPlan {
  const { fileName } = options;
  let title =
    options.titleColumn === undefined
      ? suggestTitleColumn(columns)
      : findColumn(columns, options.titleColumn, fileName, "titleColumn");
  let text: number[];
  if (options.textColumns && options.textColumns.length > 0) {
    text = [...new Set(options.textColumns.map((c) => findColumn(columns, c, fileName, "textColumns")))];
  } else {
    const suggested = suggestTextColumn(columns, rows.slice(0, SUGGESTION_SAMPLE_ROWS), title);
    if (suggested === undefined) {
      throw new IngestError(
        fileName,
        `no column holds text (all hold numbers, true/false or nothing); choose one with textColumns from ${columns.map((c) => `"${c}"`).join(", ")}`,
      );
    }
    text = [suggested];
  }
  // An automatic title must not just repeat the text.
  if (options.titleColumn === undefined && title !== undefined && text.includes(title)) title = undefined;
  return { columns, text, title };
}

function isMetadata(plan: ColumnPlan, index: number): boolean {
  return !plan.text.includes(index) && index !== plan.title;
}

function rowDocument(
  row: CsvRecord,
  rowNumber: number,
  plan: ColumnPlan,
  types: ColumnType[],
  fileName: string,
): ParsedDocument[] {
  const text = plan.text
    .map((i) => row.fields[i].trim())
    .filter((t) => t !== "")
    .join("\n\n");
  if (text === "") return [];
  const titleCell = plan.title === undefined ? "" : row.fields[plan.title].trim();
  const metadata: Record<string, MetadataValue> = {};
  plan.columns.forEach((name, i) => {
    if (isMetadata(plan, i)) metadata[name] = convertCell(row.fields[i], types[i]);
  });
  return [{ title: titleCell || `${baseName(fileName)} #${rowNumber}`, text, metadata, sourceLine: row.line }];
}

/** Rows and fields over the per-line limit: a quoted field can hide many lines in one row. */
function checkRowSizes(rows: CsvRecord[], fileName: string, maxLineBytes: number): void {
  for (const row of rows) {
    // Cheap character count first; the exact byte count only for rows that might be too long.
    if (row.length <= maxLineBytes / 3) continue;
    const bytes = row.fields.reduce((sum, f) => sum + utf8Length(f), 0) + row.fields.length - 1;
    if (bytes > maxLineBytes) {
      throw new IngestError(
        fileName,
        `the row is ${formatBytes(bytes)} long, over the ${formatBytes(maxLineBytes)} limit per row; split its text into several rows`,
        row.line,
      );
    }
  }
}

function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** CSV with a header row: one document per row, text and title columns chosen or suggested. */
export const csvFormat = {
  id: "csv",
  extensions: [".csv"],
  mimeTypes: ["text/csv"],
  tabular: true,
  parse: (text, options, limits) => parseCsv(text, options, limits.maxLineBytes),
  inspect: inspectCsv,
} as const satisfies UploadFormat<"csv">;
