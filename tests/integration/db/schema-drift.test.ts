import { getTableColumns, getTableName, is, Table } from "drizzle-orm";
import { getTableConfig as pgTableConfig, PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as pgSchema from "@/lib/db/pg/schema";
import * as sqliteSchema from "@/lib/db/schema";

// One set of queries serves both databases (lib/db/tables.ts), typed against SQLite's schema: the
// PostgreSQL schema must have the same tables, columns, keys and indexes, or a query that works on
// one database fails on the other.

function tables(schema: Record<string, unknown>): Map<string, Table> {
  return new Map(Object.entries(schema).filter((e): e is [string, Table] => is(e[1], Table)));
}

/** What the queries rely on, in words that mean the same on both databases. */
function shape(table: Table) {
  const columns = Object.entries(getTableColumns(table)).map(([key, c]) => ({
    key,
    name: c.name,
    notNull: c.notNull,
    hasDefault: c.hasDefault,
    primary: c.primary,
    enumValues: c.enumValues ?? null,
    // The TypeScript side: json columns are custom types on both; integers of either width read as numbers.
    dataType: c.dataType,
  }));
  const config = is(table, PgTable) ? pgTableConfig(table) : sqliteTableConfig(table as SQLiteTable);
  const indexes = config.indexes
    .map((i) => ({
      name: i.config.name,
      unique: i.config.unique,
      columns: i.config.columns.map((c) => (c as { name: string }).name),
    }))
    .sort((a, b) => a.name!.localeCompare(b.name!));
  const foreignKeys = config.foreignKeys
    .map((fk) => {
      const ref = fk.reference();
      return {
        columns: ref.columns.map((c) => c.name),
        table: getTableName(ref.foreignTable),
        foreignColumns: ref.foreignColumns.map((c) => c.name),
        onDelete: fk.onDelete ?? null,
      };
    })
    .sort((a, b) => a.columns.join().localeCompare(b.columns.join()));
  const primaryKeys = config.primaryKeys.map((pk) => pk.columns.map((c) => c.name));
  const unique = columns.filter((c) => getTableColumns(table)[c.key].isUnique).map((c) => c.name);
  return { name: getTableName(table), columns, indexes, foreignKeys, primaryKeys, unique };
}

describe("SQLite and PostgreSQL schemas", () => {
  const sqlite = tables(sqliteSchema);
  const pg = tables(pgSchema);

  it("have the same tables", () => {
    expect([...pg.keys()].sort()).toEqual([...sqlite.keys()].sort());
    expect(sqlite.size).toBeGreaterThan(10);
  });

  for (const [key, table] of tables(sqliteSchema))
    it(`agree on ${key}: columns, types, defaults, keys and indexes`, () => {
      const other = pg.get(key);
      expect(other, `PostgreSQL has no table ${key}`).toBeDefined();
      expect(shape(other!)).toEqual(shape(table));
    });
});
