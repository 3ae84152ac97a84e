import { describe, expect, it } from "vitest";
import { databaseDialect, databaseLabel } from "@/lib/db/dialect";

const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;

describe("the database a process uses", () => {
  it("is PostgreSQL for a postgres:// URL and SQLite otherwise", () => {
    expect(databaseDialect(env({ DATABASE_URL: "postgres://u@h/db" }))).toBe("postgres");
    expect(databaseDialect(env({ DATABASE_URL: "postgresql://u@h/db" }))).toBe("postgres");
    expect(databaseDialect(env({ DATABASE_URL: "" }))).toBe("sqlite");
    expect(databaseDialect(env({}))).toBe("sqlite");
  });

  it("is named in logs by host and database, never with the password", () => {
    const label = databaseLabel(
      "/data/cognate.db",
      env({ DATABASE_URL: "postgres://cognate:s3cret@db.internal:5432/cognate" }),
    );
    expect(label).toBe("PostgreSQL db.internal:5432/cognate");
    expect(databaseLabel("/data/cognate.db", env({}))).toBe("/data/cognate.db");
  });
});
