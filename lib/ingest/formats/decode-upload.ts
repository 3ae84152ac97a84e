import { UPLOAD_FORMATS } from "@/lib/ingest/formats/registry";
import { hasUtf16Bom, looksBinary } from "@/lib/ingest/formats/binary-sniff";
import { formatBytes } from "@/lib/core/format-bytes";
import { IngestError } from "@/lib/ingest/ingest-error";
import { findInvalidUtf8, lineAtByte } from "@/lib/ingest/formats/utf8-validation";

/** Size limits applied to every upload before it is parsed. */
export interface UploadLimits {
  /** Largest accepted file, in bytes. */
  maxBytes: number;
  /** Longest accepted physical line, in bytes (line break not counted). */
  maxLineBytes: number;
}

/** 50 MiB per file and 1 MiB per line unless the caller says otherwise. */
export const DEFAULT_LIMITS: Readonly<UploadLimits> = Object.freeze({
  maxBytes: 50 * 1024 * 1024,
  maxLineBytes: 1024 * 1024,
});

const BINARY_DETAIL = `looks like a binary file; upload UTF-8 text (${UPLOAD_FORMATS.map((f) => f.extensions[0]).join(", ")})`;

/**
 * Checks the raw bytes of an upload and decodes them as UTF-8 (a leading BOM is dropped).
 * Checks run cheapest-first: size, emptiness, binary content, UTF-8 validity, line lengths.
 * @throws IngestError for any of: too large, empty or whitespace only, binary, UTF-16,
 *   invalid UTF-8 (with the line of the first bad byte), a line over the limit (with its line).
 */
export function decodeUpload(bytes: Uint8Array, fileName: string, limits: UploadLimits): string {
  if (bytes.length > limits.maxBytes) {
    throw new IngestError(
      fileName,
      `the file is ${formatBytes(bytes.length)}, over the ${formatBytes(limits.maxBytes)} limit; split it into smaller files`,
    );
  }
  if (bytes.length === 0) throw new IngestError(fileName, "the file is empty");
  if (hasUtf16Bom(bytes)) {
    throw new IngestError(
      fileName,
      "the file is UTF-16 encoded; re-save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
    );
  }
  if (looksBinary(bytes)) throw new IngestError(fileName, BINARY_DETAIL);
  const text = decodeUtf8(bytes, fileName);
  checkLineLengths(bytes, fileName, limits.maxLineBytes);
  if (!/\S/.test(text)) throw new IngestError(fileName, "the file is empty");
  return text;
}

function decodeUtf8(bytes: Uint8Array, fileName: string): string {
  try {
    // ignoreBOM: false means the decoder consumes a leading UTF-8 BOM instead of returning it.
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const offset = Math.max(0, findInvalidUtf8(bytes));
    const byte = bytes[offset] ?? 0;
    throw new IngestError(
      fileName,
      `the file is not valid UTF-8 (byte 0x${byte.toString(16).padStart(2, "0")} at byte offset ${offset}); ` +
        "re-save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
      lineAtByte(bytes, offset),
    );
  }
}

/** Scans the bytes once; LF, CRLF and lone CR each end a line. */
function checkLineLengths(bytes: Uint8Array, fileName: string, maxLineBytes: number): void {
  if (bytes.length <= maxLineBytes) return;
  let line = 1;
  let start = 0;
  const n = bytes.length;
  for (let i = 0; i <= n; i++) {
    const b = i < n ? bytes[i] : 0x0a;
    if (b !== 0x0a && b !== 0x0d) continue;
    if (i - start > maxLineBytes) {
      throw new IngestError(
        fileName,
        `the line is ${formatBytes(i - start)} long, over the ${formatBytes(maxLineBytes)} limit per line; ` +
          "break it into shorter lines or records",
        line,
      );
    }
    if (b === 0x0d && bytes[i + 1] === 0x0a) i++;
    line++;
    start = i + 1;
  }
}
