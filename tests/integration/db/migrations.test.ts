import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rawRows } from "@/lib/db/client";
import { tempDatabase } from "@/tests/helpers/temp-db";

describe("migrations", () => {
  it("match the schema: drizzle-kit finds nothing to generate", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-drizzle-"));
    fs.cpSync("drizzle", out, { recursive: true });
    const before = fs.readdirSync(out).sort();
    const log = execFileSync(
      path.join("node_modules", ".bin", "drizzle-kit"),
      ["generate", "--dialect", "sqlite", "--schema", "lib/db/schema.ts", "--out", path.relative(process.cwd(), out)],
      { encoding: "utf8" },
    );
    const after = fs.readdirSync(out).sort();
    fs.rmSync(out, { recursive: true, force: true });
    expect(after, `schema and drizzle/ disagree: run npm run db:generate\n${log}`).toEqual(before);
    expect(log).toMatch(/No schema changes/);
  });

  it("apply to an empty database, with WAL, foreign keys and the FTS5 index", async () => {
    const t = tempDatabase();
    try {
      expect(await rawRows(t.db, sql`pragma journal_mode`)).toEqual([{ journal_mode: "wal" }]);
      expect(await rawRows(t.db, sql`pragma foreign_keys`)).toEqual([{ foreign_keys: 1 }]);
      const tables = (
        await rawRows<{ name: string }>(t.db, sql`select name from sqlite_master where type = 'table'`)
      ).map((r) => r.name);
      expect(tables).toEqual(
        expect.arrayContaining([
          "corpora",
          "documents",
          "passages",
          "model_versions",
          "jobs",
          "uploads",
          "passages_fts",
        ]),
      );
    } finally {
      await t.cleanup();
    }
  });
});
