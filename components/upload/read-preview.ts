import { formatOfName } from "@/lib/ingest/formats/file-format";
import type { FileFormat } from "@/lib/ingest/formats/registry";
import type { BrowserFormat } from "@/lib/ingest/formats/upload-format";
import { previewCsv } from "@/lib/ingest/formats/csv-preview";
import { inspectJsonl } from "@/lib/ingest/formats/parse-jsonl";
import type { FileInspection } from "@/lib/ingest/formats/parse-options";
import type { Translate } from "@/components/ui/translate";

/** How much of a table file the browser reads to show its columns. */
export const PREVIEW_BYTES = 256 * 1024;

/** The outcome of looking at a chosen file before it is uploaded. */
export type FilePreview =
  | { kind: "document"; format: FileFormat }
  | { kind: "table"; format: FileFormat; inspection: FileInspection }
  | { kind: "unreadable"; format: FileFormat; message: string };

/**
 * Reads the start of a CSV or JSONL file (cut at the last line break, so no record is torn)
 * and lists its columns or fields; other formats need no choices. `formats` are the server's
 * upload formats (the page passes them), so the browser recognises exactly what the server parses.
 * An empty file is said in the language of `words` (the Upload namespace); the parsers' own
 * messages are the server's wording, in English like the API's.
 * @throws Error (an IngestError) when the extension is not supported, with the server's wording.
 */
export async function readPreview(
  file: File,
  formats: readonly BrowserFormat[],
  words: Translate,
): Promise<FilePreview> {
  const { id, tabular } = formatOfName(formats, file.name);
  const format = id as FileFormat;
  if (!tabular) return { kind: "document", format };
  let text = await file.slice(0, PREVIEW_BYTES).text();
  if (file.size > PREVIEW_BYTES) {
    const cut = text.lastIndexOf("\n");
    if (cut > 0) text = text.slice(0, cut);
  }
  text = text.replace(/^\uFEFF/, "");
  if (!text.trim()) return { kind: "unreadable", format, message: words("emptyFile", { name: file.name }) };
  try {
    const inspection = format === "csv" ? previewCsv(text, file.name) : inspectJsonl(text, file.name);
    return { kind: "table", format, inspection };
  } catch (err) {
    return { kind: "unreadable", format, message: err instanceof Error ? err.message : String(err) };
  }
}
