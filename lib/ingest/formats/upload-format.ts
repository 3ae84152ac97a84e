import type { UploadLimits } from "@/lib/ingest/formats/decode-upload";
import type { FileInspection, ParsedDocument, ParseOptions } from "@/lib/ingest/formats/parse-options";

/**
 * One upload format: how a file of it is recognised and how it becomes documents. A new format
 * is one file that exports one of these plus one line in `lib/ingest/formats/registry.ts`; the
 * API's format enum, the upload page's file filter and the detection by extension follow from it.
 */
export interface UploadFormat<Id extends string = string> {
  /** The name callers give as `format` (API, CLI); stored with each job. */
  id: Id;
  /** Lower-case extensions with their dot, the usual one first. */
  extensions: readonly string[];
  /** MIME types a browser may report for such a file, for the file picker's filter. */
  mimeTypes: readonly string[];
  /** Records whose text and title columns the user may choose (CSV, JSONL); else one document per file. */
  tabular: boolean;
  /**
   * Documents with raw text and title (the caller normalises them and drops empty ones).
   * @throws IngestError for malformed input, naming the line where the problem starts
   */
  parse(text: string, options: ParseOptions, limits: UploadLimits): ParsedDocument[];
  /** Columns and sample records, for tabular formats (the upload UI's column picker). */
  inspect?(text: string, fileName: string): FileInspection;
}

/** What the browser needs of a format to recognise a chosen file (no parsers). */
export type BrowserFormat = Pick<UploadFormat, "id" | "extensions" | "tabular">;
