import { IngestError } from "@/lib/ingest/ingest-error";

/** The upload formats Cognate can turn into documents. */
export type FileFormat = "txt" | "md" | "csv" | "jsonl" | "html";

/** Every recognised file extension (lower case, with the dot) and the format it means. */
export const FORMAT_BY_EXTENSION: Readonly<Record<string, FileFormat>> = Object.freeze({
  ".txt": "txt",
  ".text": "txt",
  ".md": "md",
  ".markdown": "md",
  ".csv": "csv",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".html": "html",
  ".htm": "html",
});

const FORMATS: readonly FileFormat[] = ["txt", "md", "csv", "jsonl", "html"];

/** The name without any folder part ("a/b/c.txt" -> "c.txt"); uploads may carry client paths. */
export function baseName(fileName: string): string {
  const parts = fileName.split(/[\\/]/);
  return parts[parts.length - 1] || fileName;
}

/** The name without folder and extension, used as the title of single-document files. */
export function stemName(fileName: string): string {
  const base = baseName(fileName);
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(0, dot) : base;
}

/**
 * The format a file name's extension stands for (case-insensitive).
 * @throws IngestError when the extension is missing or unknown, listing the supported ones.
 */
export function detectFormat(fileName: string): FileFormat {
  const base = baseName(fileName);
  const dot = base.lastIndexOf(".");
  const ext = dot > 0 ? base.slice(dot).toLowerCase() : "";
  const format = FORMAT_BY_EXTENSION[ext];
  if (format) return format;
  const what = ext ? `the extension "${ext}" is not supported` : "the file name has no extension";
  throw new IngestError(
    fileName,
    `${what}; supported extensions are ${Object.keys(FORMAT_BY_EXTENSION).join(", ")} (rename the file, or choose the format explicitly)`,
  );
}

/**
 * Checks a caller-supplied format, which may come from an untyped API body.
 * @throws IngestError naming the supported formats.
 */
export function checkFormat(fileName: string, format: string): FileFormat {
  if ((FORMATS as readonly string[]).includes(format)) return format as FileFormat;
  throw new IngestError(fileName, `unknown format "${format}"; use one of ${FORMATS.join(", ")}`);
}
