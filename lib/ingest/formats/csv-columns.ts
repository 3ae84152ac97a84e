import { IngestError } from "@/lib/ingest/ingest-error";
import type { MetadataValue } from "@/lib/ingest/formats/parse-options";
import { CSV_TEXT_NAMES, CSV_TITLE_NAMES } from "@/lib/ingest/formats/parse-options";

/** How a column's cells are stored in metadata. */
export type ColumnType = "number" | "boolean" | "string";

/**
 * Header names, trimmed.
 * @throws IngestError (line 1) when a name is empty or appears twice: rows would be ambiguous.
 */
export function checkHeader(header: string[], fileName: string): string[] {
  const names = header.map((h) => h.trim());
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    if (name === "") {
      throw new IngestError(
        fileName,
        `column ${i + 1} of the header has no name; give every column a name in the first line`,
        1,
      );
    }
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      throw new IngestError(
        fileName,
        `the header has two columns named "${name}" (columns ${earlier + 1} and ${i + 1}); rename one of them`,
        1,
      );
    }
    seen.set(name, i);
  });
  return names;
}

/**
 * Index of a column the user chose: exact name first, then a unique case-insensitive match.
 * @throws IngestError listing the available columns.
 */
export function findColumn(columns: string[], name: string, fileName: string, option: string): number {
  const exact = columns.indexOf(name.trim());
  if (exact !== -1) return exact;
  const folded = columns.flatMap((c, i) => (c.toLowerCase() === name.trim().toLowerCase() ? [i] : []));
  if (folded.length === 1) return folded[0];
  throw new IngestError(
    fileName,
    `${option}: there is no column "${name}"; available columns: ${columns.map((c) => `"${c}"`).join(", ")}`,
  );
}

/** The title column by name (title/name/subject/headline, case-insensitive), if any. */
export function suggestTitleColumn(columns: string[]): number | undefined {
  for (const wanted of CSV_TITLE_NAMES) {
    const i = columns.findIndex((c) => c.toLowerCase() === wanted);
    if (i !== -1) return i;
  }
  return undefined;
}

/**
 * The text column when the user chose none: one named text/body/content/passage/sentence/
 * description (case-insensitive, in that order), else the string column (not the title
 * column) whose cells are longest on average over the sample rows; undefined when every
 * column holds numbers, booleans or nothing.
 */
export function suggestTextColumn(columns: string[], rows: string[][], titleIndex?: number): number | undefined {
  for (const wanted of CSV_TEXT_NAMES) {
    const i = columns.findIndex((c) => c.toLowerCase() === wanted);
    if (i !== -1) return i;
  }
  let best: number | undefined;
  let bestAverage = -1;
  columns.forEach((_, i) => {
    if (i === titleIndex || columnType(rows, i) !== "string") return;
    const average = rows.reduce((sum, row) => sum + (row[i]?.trim().length ?? 0), 0) / Math.max(1, rows.length);
    if (average > bestAverage) [best, bestAverage] = [i, average];
  });
  return best;
}

// Numbers that survive a round trip through a double: no leading zeros (zip codes, ids),
// no exponent or thousands separators, at most 15 significant digits.
const SAFE_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

function isSafeNumber(cell: string): boolean {
  return SAFE_NUMBER.test(cell) && cell.replace(/^-?0*|\./g, "").length <= 15;
}

/**
 * A column is "number" when every non-empty cell is a safe number, "boolean" when every
 * non-empty cell is true/false, else "string" (also when all cells are empty).
 */
export function columnType(rows: string[][], index: number): ColumnType {
  let numbers = true;
  let booleans = true;
  let any = false;
  for (const row of rows) {
    const cell = (row[index] ?? "").trim();
    if (cell === "") continue;
    any = true;
    numbers &&= isSafeNumber(cell);
    booleans &&= /^(?:true|false)$/i.test(cell);
    if (!numbers && !booleans) return "string";
  }
  if (!any) return "string";
  return numbers ? "number" : "boolean";
}

/** A cell as a metadata value of its column's type; empty cells become null. */
export function convertCell(cell: string, type: ColumnType): MetadataValue {
  const value = cell.trim();
  if (value === "") return null;
  if (type === "number") return Number(value);
  if (type === "boolean") return value.toLowerCase() === "true";
  return value;
}
