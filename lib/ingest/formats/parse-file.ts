import { decodeUpload, DEFAULT_LIMITS, type UploadLimits } from "@/lib/ingest/formats/decode-upload";
import { stemName } from "@/lib/ingest/formats/file-format";
import type { FileInspection, ParsedDocument, ParseOptions } from "@/lib/ingest/formats/parse-options";
import { checkFormat, detectFormat, uploadFormat, type FileFormat } from "@/lib/ingest/formats/registry";
import { IngestError } from "@/lib/ingest/ingest-error";
import { normalizeLine, normalizeText } from "@/lib/text/normalize";

/** Characters of text shown per single-document file in inspectFile's sample. */
const INSPECT_TEXT_CHARS = 500;

/**
 * Validates and parses a whole upload into documents whose text and title are normalized
 * (see normalizeText); documents left empty by that are dropped.
 * Throws IngestError on ANY problem: the caller stores nothing of a file that throws.
 */
export function parseFile(bytes: Uint8Array, options: ParseOptions): ParsedDocument[] {
  const { fileName } = options;
  const format = resolveFormat(options);
  const limits = resolveLimits(options);
  const text = decodeUpload(bytes, fileName, limits);
  const documents: ParsedDocument[] = [];
  for (const doc of uploadFormat(format).parse(text, options, limits)) {
    const body = normalizeText(doc.text);
    if (body === "") continue;
    documents.push({ ...doc, title: normalizeLine(doc.title) || stemName(fileName), text: body });
  }
  if (documents.length === 0) {
    throw new IngestError(
      fileName,
      "no text is left after removing markup, control characters and whitespace; check that the file holds readable text",
    );
  }
  return documents;
}

/**
 * For the upload UI: which columns/fields exist and a few sample rows, so the user can choose.
 * Applies the same checks as parseFile (with the default limits) but reads only the start
 * of CSV and JSONL files, so a later malformed row shows up only in parseFile.
 * @throws IngestError when the file cannot be read.
 */
export function inspectFile(bytes: Uint8Array, options: Pick<ParseOptions, "fileName" | "format">): FileInspection {
  const { fileName } = options;
  const format = resolveFormat(options);
  const text = decodeUpload(bytes, fileName, DEFAULT_LIMITS);
  const { inspect, parse } = uploadFormat(format);
  if (inspect) return inspect(text, fileName);
  const [doc] = parse(text, { fileName }, DEFAULT_LIMITS);
  const body = normalizeText(doc.text);
  return {
    format,
    sample: [{ title: normalizeLine(doc.title) || stemName(fileName), text: body.slice(0, INSPECT_TEXT_CHARS) }],
  };
}

function resolveFormat(options: Pick<ParseOptions, "fileName" | "format">): FileFormat {
  return options.format === undefined ? detectFormat(options.fileName) : checkFormat(options.fileName, options.format);
}

function resolveLimits(options: ParseOptions): UploadLimits {
  const limits = {
    maxBytes: options.maxBytes ?? DEFAULT_LIMITS.maxBytes,
    maxLineBytes: options.maxLineBytes ?? DEFAULT_LIMITS.maxLineBytes,
  };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isFinite(value) || value <= 0) {
      throw new IngestError(
        options.fileName,
        `${name} must be a positive number of bytes, got ${value}; leave it out to use the default`,
      );
    }
  }
  return limits;
}
