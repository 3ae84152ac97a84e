import { customType } from "drizzle-orm/sqlite-core";

/**
 * A JSON value read from a stored text column: `JSON.parse` of it, or `undefined` when the
 * text is not JSON (a row written by hand or damaged), so each column's reader decides what that reads as.
 */
export function parseStoredJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * A SQLite `text` column that holds JSON, typed `T` in TypeScript. Writes store
 * `JSON.stringify(value)` (the same text the app stored by hand before, so no migration);
 * reads pass the parsed value (or `undefined` for text that is not JSON) through `read`, the
 * column's one tolerant reader, so no query result carries unchecked JSON.
 */
export function jsonText<T>(name: string, read: (value: unknown) => T) {
  return customType<{ data: T; driverData: string }>({
    dataType: () => "text",
    toDriver: (value) => JSON.stringify(value),
    fromDriver: (text) => read(parseStoredJson(text)),
  })(name);
}
