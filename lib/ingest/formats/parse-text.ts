import { stemName } from "@/lib/ingest/formats/file-format";
import type { UploadFormat } from "@/lib/ingest/formats/upload-format";

/** Plain text: the whole file is one document titled by the file name. */
export const textFormat = {
  id: "txt",
  extensions: [".txt", ".text"],
  mimeTypes: ["text/plain"],
  tabular: false,
  parse: (text, options) => [{ title: stemName(options.fileName), text, metadata: {} }],
} as const satisfies UploadFormat<"txt">;
