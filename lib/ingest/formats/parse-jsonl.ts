import { baseName } from "@/lib/ingest/formats/file-format";
import type { UploadFormat } from "@/lib/ingest/formats/upload-format";
import { IngestError } from "@/lib/ingest/ingest-error";
import { getPath, isJsonObject, listKeys, type JsonObject } from "@/lib/ingest/formats/json-path";
import type { FileInspection, MetadataValue, ParsedDocument, ParseOptions } from "@/lib/ingest/formats/parse-options";
import {
  INSPECT_SAMPLE_ROWS,
  JSONL_TEXT_NAMES,
  JSONL_TITLE_NAMES,
  SUGGESTION_SAMPLE_ROWS,
} from "@/lib/ingest/formats/parse-options";

/** One JSON Lines record with its 1-based line. */
export interface JsonlRecord {
  value: JsonObject;
  line: number;
}

/**
 * Parses JSON Lines: every non-blank line must be one JSON object.
 * @param maxRecords stop after this many records, for previews
 * @throws IngestError with the line of the first line that is not valid JSON or not an object,
 *   or when there are no records at all.
 */
export function readJsonlRecords(text: string, fileName: string, maxRecords = Infinity): JsonlRecord[] {
  const records: JsonlRecord[] = [];
  const lines = text.split(/\r\n?|\n/);
  for (let i = 0; i < lines.length && records.length < maxRecords; i++) {
    const line = lines[i].trim();
    if (line === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new IngestError(fileName, `not valid JSON (${why}); each line must hold one complete JSON object`, i + 1);
    }
    if (!isJsonObject(value)) {
      throw new IngestError(
        fileName,
        `expected a JSON object ({...}) but found ${describe(value)}; each line must hold one JSON object`,
        i + 1,
      );
    }
    records.push({ value, line: i + 1 });
  }
  if (records.length === 0)
    throw new IngestError(fileName, "the file has no JSON records; put one JSON object on each line");
  return records;
}

/**
 * One document per record: text from textField (default text/body/content/passage/sentence,
 * the first that the first record has as a string), title from titleField (default
 * title/name/subject) or "<file> #<record>", other top-level scalar fields as metadata.
 * @throws IngestError when a record lacks the text field or it is not a string (with the
 *   line and that record's keys), plus everything readJsonlRecords throws.
 */
export function parseJsonl(text: string, options: ParseOptions): ParsedDocument[] {
  const { fileName } = options;
  const records = readJsonlRecords(text, fileName);
  const textField = options.textField ?? defaultField(records, JSONL_TEXT_NAMES);
  if (textField === undefined) {
    throw new IngestError(
      fileName,
      `no text field found (looked for ${JSONL_TEXT_NAMES.join(", ")}); choose one with textField from: ${listKeys(records[0].value).join(", ")}`,
      records[0].line,
    );
  }
  const titleField = options.titleField ?? defaultField(records, JSONL_TITLE_NAMES);
  return records.map((record, n) => recordDocument(record, n + 1, textField, titleField, fileName));
}

/**
 * Keys of the first records and the fields parseJsonl would use by default.
 * @throws IngestError for malformed lines among those records.
 */
export function inspectJsonl(text: string, fileName: string): FileInspection {
  const records = readJsonlRecords(text, fileName, SUGGESTION_SAMPLE_ROWS);
  const columns = [...new Set(records.flatMap((r) => listKeys(r.value)))];
  const textField = defaultField(records, JSONL_TEXT_NAMES);
  const titleField = defaultField(records, JSONL_TITLE_NAMES);
  return {
    format: "jsonl",
    columns,
    suggestedTextColumns: textField === undefined ? [] : [textField],
    ...(titleField === undefined ? {} : { suggestedTitleColumn: titleField }),
    sample: records.slice(0, INSPECT_SAMPLE_ROWS).map((r) => r.value),
  };
}

/** The first candidate that the first record holds as a string: one choice for the whole file. */
function defaultField(records: JsonlRecord[], candidates: readonly string[]): string | undefined {
  return candidates.find((name) => typeof records[0].value[name] === "string");
}

function recordDocument(
  record: JsonlRecord,
  n: number,
  textField: string,
  titleField: string | undefined,
  fileName: string,
): ParsedDocument {
  const text = getPath(record.value, textField);
  if (typeof text !== "string") {
    const problem =
      text === undefined ? `has no field "${textField}"` : `has "${textField}" as ${describe(text)}, not a string`;
    throw new IngestError(
      fileName,
      `the record ${problem}; its keys are: ${listKeys(record.value).join(", ") || "(none)"}`,
      record.line,
    );
  }
  const titleValue = titleField === undefined ? undefined : getPath(record.value, titleField);
  const title = typeof titleValue === "string" || typeof titleValue === "number" ? String(titleValue).trim() : "";
  const metadata: Record<string, MetadataValue> = {};
  for (const [key, value] of Object.entries(record.value)) {
    if (key === textField || key === titleField) continue;
    if (value === null || ["string", "number", "boolean"].includes(typeof value))
      metadata[key] = value as MetadataValue;
  }
  return { title: title || `${baseName(fileName)} #${n}`, text, metadata, sourceLine: record.line };
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

/** JSON Lines: one document per record, text and title fields chosen or suggested. */
export const jsonlFormat = {
  id: "jsonl",
  extensions: [".jsonl", ".ndjson"],
  mimeTypes: ["application/jsonl", "application/x-ndjson"],
  tabular: true,
  parse: (text, options) => parseJsonl(text, options),
  inspect: inspectJsonl,
} as const satisfies UploadFormat<"jsonl">;
