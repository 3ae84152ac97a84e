import type { FileFormat } from "@/lib/ingest/formats/registry";

/** How to read one upload. Only fileName is required; everything else has a sensible default. */
export interface ParseOptions {
  /** The uploaded file's name; it picks the format and appears in every error message. */
  fileName: string;
  /** Default: from the extension (see `UPLOAD_FORMATS` in lib/ingest/formats/registry.ts). */
  format?: FileFormat;
  /** CSV: columns joined (with a blank line) into the text; default chosen automatically. */
  textColumns?: string[];
  /** CSV: column holding the title; default a column named title/name/subject/headline. */
  titleColumn?: string;
  /** JSONL: field holding the text (dot path allowed, "body.text"); default text/body/content/passage/sentence. */
  textField?: string;
  /** JSONL: field holding the title (dot path allowed); default title/name/subject. */
  titleField?: string;
  /** Largest accepted file in bytes; default 50 MiB. */
  maxBytes?: number;
  /** Longest accepted line, CSV row or field in bytes; default 1 MiB. */
  maxLineBytes?: number;
}

/** A metadata value kept beside a document: scalars only, so it fits any database column. */
export type MetadataValue = string | number | boolean | null;

/** One document ready to be split into passages. */
export interface ParsedDocument {
  /** One line of text; never empty (falls back to the file name, with the record number for tables). */
  title: string;
  /** Normalized text (see normalizeText); never empty. */
  text: string;
  /** Other columns or fields of the record. */
  metadata: Record<string, MetadataValue>;
  /** 1-based physical line where the record starts (CSV, JSONL). */
  sourceLine?: number;
}

/** What the upload UI needs to let the user pick text and title columns. */
export interface FileInspection {
  format: FileFormat;
  /** CSV: header columns; JSONL: keys of the first records (nested string fields as dot paths). */
  columns?: string[];
  /** The text column(s) or field that parseFile would use by default. */
  suggestedTextColumns?: string[];
  /** The title column or field that parseFile would use by default. */
  suggestedTitleColumn?: string;
  /** The first few rows or records; for single-document formats, title and the start of the text. */
  sample: Record<string, unknown>[];
}

/** CSV columns that hold the text, in order of preference (matched case-insensitively). */
export const CSV_TEXT_NAMES = ["text", "body", "content", "passage", "sentence", "description"] as const;
/** CSV columns that hold a title, in order of preference (matched case-insensitively). */
export const CSV_TITLE_NAMES = ["title", "name", "subject", "headline"] as const;
/** JSONL fields that hold the text, in order of preference (exact names). */
export const JSONL_TEXT_NAMES = ["text", "body", "content", "passage", "sentence"] as const;
/** JSONL fields that hold a title, in order of preference (exact names). */
export const JSONL_TITLE_NAMES = ["title", "name", "subject"] as const;
/** Rows or records looked at to suggest columns: the same in parseFile and inspectFile. */
export const SUGGESTION_SAMPLE_ROWS = 200;
/** Rows or records returned as inspectFile's sample. */
export const INSPECT_SAMPLE_ROWS = 5;
