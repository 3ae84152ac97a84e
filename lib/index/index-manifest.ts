import path from "node:path";
import { z } from "zod";
import { indexParamsSchema } from "@/lib/index/index-params";

/** Manifest format version; bump it when the fields change incompatibly. */
export const MANIFEST_VERSION = 1;
/** The manifest's fixed name in an index folder; renaming it into place commits a save. */
export const MANIFEST_FILE = "manifest.json";

/**
 * What an index folder holds, written last so that its presence means the index file it
 * names is complete. The index file name changes on every save (`index-<generation>.bin`):
 * a fixed name would have to be replaced before the manifest, and a crash between the two
 * renames would pair the old manifest with the new file, leaving neither loadable.
 */
export const indexManifestSchema = z.object({
  version: z.literal(MANIFEST_VERSION),
  corpusId: z.number().int(),
  modelVersionId: z.number().int(),
  dim: z.number().int().positive(),
  /** Searchable vectors. */
  count: z.number().int().min(0),
  /** Vectors marked deleted but still in the graph. */
  deleted: z.number().int().min(0),
  /** Their ids: hnswlib keeps the mark in the file but offers no way to list it. */
  deletedIds: z.array(z.number().int().min(0)),
  params: indexParamsSchema,
  /** ISO 8601 time of the save. */
  createdAt: z.string(),
  /** The index file's name inside the folder (never a path). */
  file: z.string().regex(/^index-[\w.-]+\.bin$/),
  /** The index file's size in bytes. */
  bytes: z.number().int().positive(),
  /** `sha256:<hex>` of the index file. */
  checksum: z.string().regex(/^sha256:[0-9a-f]{64}$/),
});

export type IndexManifest = z.infer<typeof indexManifestSchema>;

/** Which index a folder holds: one per corpus and model version. */
export interface IndexKey {
  corpusId: number;
  modelVersionId: number;
}

/** `<indexDir>/corpus-<id>/model-<versionId>`: the folder of one corpus's index for one model version. */
export function indexFolder(indexDir: string, key: IndexKey): string {
  for (const [name, id] of Object.entries(key)) {
    if (!Number.isInteger(id) || id < 0) throw new Error(`${name} must be a non-negative integer, got ${id}`);
  }
  return path.join(indexDir, `corpus-${key.corpusId}`, `model-${key.modelVersionId}`);
}

/** A fresh, sortable index file name, so a save never overwrites the file the manifest names. */
export function newIndexFileName(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(".", "");
  return `index-${stamp}-${Math.random().toString(36).slice(2, 8)}.bin`;
}
