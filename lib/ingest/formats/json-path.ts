/** A parsed JSON object. */
export type JsonObject = Record<string, unknown>;

/** True for plain JSON objects (not arrays, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The value at a dot path ("body.text"). A key that itself contains dots wins over the
 * nested reading, so `{"body.text": ...}` is found too. Undefined when any step is missing.
 */
export function getPath(record: JsonObject, path: string): unknown {
  if (Object.hasOwn(record, path)) return record[path];
  let value: unknown = record;
  for (const key of path.split(".")) {
    if (!isJsonObject(value) || !Object.hasOwn(value, key)) return undefined;
    value = value[key];
  }
  return value;
}

/**
 * Keys of a record for messages and for the upload UI: top-level keys, plus dot paths to
 * string fields of nested objects (up to three levels), since only strings can be chosen as text.
 */
export function listKeys(record: JsonObject, prefix = "", depth = 0): string[] {
  const keys: string[] = [];
  for (const [key, value] of Object.entries(record)) {
    const path = prefix + key;
    if (depth === 0 || typeof value === "string") keys.push(path);
    if (isJsonObject(value) && depth < 2) keys.push(...listKeys(value, `${path}.`, depth + 1));
  }
  return keys;
}
