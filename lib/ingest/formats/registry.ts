import { z } from "zod";
import { formatOfName } from "@/lib/ingest/formats/file-format";
import { csvFormat } from "@/lib/ingest/formats/parse-csv";
import { htmlFormat } from "@/lib/ingest/formats/parse-html";
import { jsonlFormat } from "@/lib/ingest/formats/parse-jsonl";
import { markdownFormat } from "@/lib/ingest/formats/parse-markdown";
import { textFormat } from "@/lib/ingest/formats/parse-text";
import type { BrowserFormat, UploadFormat } from "@/lib/ingest/formats/upload-format";
import { IngestError } from "@/lib/ingest/ingest-error";

/** Every upload format, in the order they are listed to users. Add a format here (one line). */
export const UPLOAD_FORMATS = [textFormat, markdownFormat, csvFormat, jsonlFormat, htmlFormat] as const;

/** The id of an upload format ("txt", "md", ...). */
export type FileFormat = (typeof UPLOAD_FORMATS)[number]["id"];

/** Every format id, as the API's `format` enum. */
export const FORMAT_IDS = UPLOAD_FORMATS.map((f) => f.id) as [FileFormat, ...FileFormat[]];

/** Validates a `format` field of a request or job payload. */
export const fileFormatSchema = z.enum(FORMAT_IDS);

/** Every recognised extension, as the user is told (".txt, .text, .md, ..."). */
export const EXTENSIONS: readonly string[] = UPLOAD_FORMATS.flatMap((f) => f.extensions);

/** The file picker's filter: every extension and MIME type. */
export const ACCEPT = [...EXTENSIONS, ...UPLOAD_FORMATS.flatMap((f) => f.mimeTypes)].join(",");

/** The format with this id. */
export function uploadFormat(id: FileFormat): UploadFormat {
  return UPLOAD_FORMATS.find((f) => f.id === id)!;
}

/**
 * The format a file name's extension stands for (case-insensitive).
 * @throws IngestError when the extension is missing or unknown, listing the supported ones.
 */
export function detectFormat(fileName: string): FileFormat {
  return formatOfName(UPLOAD_FORMATS, fileName).id;
}

/**
 * Checks a caller-supplied format, which may come from an untyped API body.
 * @throws IngestError naming the supported formats.
 */
export function checkFormat(fileName: string, format: string): FileFormat {
  const known = UPLOAD_FORMATS.find((f) => f.id === format);
  if (known) return known.id;
  throw new IngestError(fileName, `unknown format "${format}"; use one of ${FORMAT_IDS.join(", ")}`);
}

/** What the upload page passes to the browser: ids, extensions and whether columns are chosen. */
export function browserFormats(): BrowserFormat[] {
  return UPLOAD_FORMATS.map(({ id, extensions, tabular }) => ({ id, extensions, tabular }));
}
