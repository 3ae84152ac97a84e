import { z } from "zod";
import { fileFormatSchema } from "@/lib/ingest/formats/registry";

/** A list of names: comma separated as a form sends it ("body, summary"), or already a list. */
const nameList = z.preprocess(
  (value) =>
    typeof value === "string"
      ? value
          .split(",")
          .map((c) => c.trim())
          .filter(Boolean)
      : value,
  z.array(z.string()).optional(),
);

const name = z.string().trim().min(1).optional();

/**
 * How to read one upload: the one shape of the upload options, from the form (or CLI flags) to
 * the job payload and the parser. The form's fields are validated by it once, when the upload is
 * submitted; the ingest job stores the parsed object and reads it back with the same schema, and
 * the parser gets it as it is. `fileName` and `maxBytes` are set by the server (the file's name and
 * `COGNATE_MAX_UPLOAD_MB`), never taken from the form. Parsing an already parsed object gives it back
 * unchanged, so a stored payload reads the same.
 */
export const uploadOptions = z.object({
  /** The uploaded file's name; it picks the format and appears in every error message. */
  fileName: z.string(),
  /** One of the upload formats (lib/ingest/formats/registry.ts); default from the file's extension. */
  format: fileFormatSchema.optional(),
  /** CSV: columns joined into the text (a list, or comma separated in a form). */
  textColumns: nameList,
  /** CSV: the column holding the title. */
  titleColumn: name,
  /** JSONL: the field holding the text (dot path allowed). */
  textField: name,
  /** JSONL: the field holding the title (dot path allowed). */
  titleField: name,
  /** The size limit the file was accepted under; absent in jobs queued before it was kept (the parser's 50 MiB default). */
  maxBytes: z.number().int().positive().optional(),
});

/** The options of one upload, as validated by {@link uploadOptions}; the parser takes them as they are. */
export type UploadOptions = z.infer<typeof uploadOptions>;

/** What a caller chooses about reading a file (form fields or CLI flags), before validation. */
export type UploadChoices = Omit<z.input<typeof uploadOptions>, "fileName" | "maxBytes">;
