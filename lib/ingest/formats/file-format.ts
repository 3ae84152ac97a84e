import { IngestError } from "@/lib/ingest/ingest-error";
import type { BrowserFormat } from "@/lib/ingest/formats/upload-format";

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
 * The format among `formats` that a file name's extension stands for (case-insensitive). Pure,
 * so that the browser (given the formats by the page) and the server word it the same way.
 * @throws IngestError when the extension is missing or unknown, listing the supported ones.
 */
export function formatOfName<F extends BrowserFormat>(formats: readonly F[], fileName: string): F {
  const base = baseName(fileName);
  const dot = base.lastIndexOf(".");
  const ext = dot > 0 ? base.slice(dot).toLowerCase() : "";
  const format = formats.find((f) => f.extensions.includes(ext));
  if (format) return format;
  const what = ext ? `the extension "${ext}" is not supported` : "the file name has no extension";
  throw new IngestError(
    fileName,
    `${what}; supported extensions are ${formats.flatMap((f) => f.extensions).join(", ")} (rename the file, or choose the format explicitly)`,
  );
}
