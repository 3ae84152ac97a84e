import { fileFormatSchema } from "@/lib/ingest/formats/registry";
import { z } from "zod";

const list = z
  .string()
  .transform((s) =>
    s
      .split(",")
      .map((c) => c.trim())
      .filter(Boolean),
  )
  .optional();

/** Form fields that go with an uploaded file (multipart/form-data). */
export const uploadFields = z.object({
  format: fileFormatSchema.optional(),
  textColumns: list,
  titleColumn: z.string().trim().min(1).optional(),
  textField: z.string().trim().min(1).optional(),
  titleField: z.string().trim().min(1).optional(),
});

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
