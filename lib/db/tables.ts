import * as sqliteSchema from "@/lib/db/schema";
import * as pgSchema from "@/lib/db/pg/schema";
import { databaseDialect } from "@/lib/db/dialect";

/**
 * The tables the query functions use: SQLite's (lib/db/schema.ts) or PostgreSQL's
 * (lib/db/pg/schema.ts), by `DATABASE_URL`. Both have the same columns and TypeScript types
 * (tests/integration/db/schema-drift.test.ts), so the queries are typed once, against SQLite's.
 */
const tables = (databaseDialect() === "postgres" ? pgSchema : sqliteSchema) as unknown as typeof sqliteSchema;

export const {
  corpora,
  uploads,
  documents,
  passages,
  modelVersions,
  jobs,
  users,
  sessions,
  apiKeys,
  auditLog,
  clusterRuns,
  clusters,
  clusterAssignments,
  trainingPoints,
} = tables;
