/**
 * The shapes of the JSON columns (lib/db/schema.ts) and their tolerant readers: what each
 * column reads as when the stored text is not JSON or not of the expected kind. Values are
 * validated where they come from outside (upload parsers, zod request schemas, job payload
 * schemas); these readers only keep a damaged row from breaking a page or a job.
 */

/** A document's metadata: the source's other columns or fields. */
export type DocumentMetadata = Record<string, unknown>;

/** A model version's evaluation results, e.g. `{ primary: "sts_spearman", sts_spearman: 0.81, baseline: {...} }`. */
export type ModelMetrics = Record<string, unknown> & { primary?: string; baseline?: Record<string, number> };

/** What a clustering decided on the way (chosen k, silhouette by k, minimum cluster size, the next free cluster id). */
export type ClusterRunNotes = Record<string, unknown> & { nextClusterId?: number };

/** One c-TF-IDF keyword of a cluster. */
export interface ClusterKeyword {
  term: string;
  weight: number;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The one tolerant reader of JSON objects (a document's metadata, metrics, settings, notes):
 * anything that is not an object, or not JSON at all, reads as `{}`.
 */
export function storedObject<T extends Record<string, unknown> = Record<string, unknown>>(value: unknown): T {
  return (isObject(value) ? value : {}) as T;
}

/** A document's stored metadata: an object, `{}` for anything else. */
export const documentMetadata = (value: unknown): DocumentMetadata => storedObject(value);

/** A stored object column that may be null (a training point without evaluation metrics). */
export function storedObjectOrNull<T extends Record<string, unknown>>(value: unknown): T | null {
  return isObject(value) ? (value as T) : null;
}

/** A stored JSON list (keywords, passage ids): anything that is not an array reads as `[]`. */
export function storedList<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/** A job's stored payload or checkpoint, read as it is (its handler's zod schema checks it); `null` when not JSON. */
export function storedUnknown(value: unknown): unknown {
  return value === undefined ? null : value;
}
