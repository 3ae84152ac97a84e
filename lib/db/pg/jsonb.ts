import { customType } from "drizzle-orm/pg-core";
/**
 * A PostgreSQL `jsonb` column typed `T`, read through `read` like lib/db/json-text.ts's SQLite
 * column, so both databases hand the queries the same checked values (the driver parses jsonb).
 */
export function jsonb<T>(name: string, read: (value: unknown) => T) {
  return customType<{ data: T; driverData: unknown }>({
    dataType: () => "jsonb",
    toDriver: (value) => JSON.stringify(value),
    fromDriver: (value) => read(value),
  })(name);
}
