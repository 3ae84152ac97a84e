/**
 * The PostgreSQL form of lib/db/schema.ts: the same tables, columns, defaults and indexes, with
 * the same TypeScript types, so that one set of queries serves both databases (lib/db/tables.ts
 * picks the schema). tests/integration/db/schema-drift.test.ts fails when the two drift apart.
 * Times are milliseconds since the epoch (bigint read as a number), JSON columns are jsonb, and
 * keyword search reads the generated `search` column through a GIN index (migration 0001).
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { jsonb } from "@/lib/db/pg/jsonb";
import {
  documentMetadata,
  storedList,
  storedObject,
  storedObjectOrNull,
  storedUnknown,
  type ClusterKeyword,
  type ClusterRunNotes,
  type ModelMetrics,
} from "@/lib/db/stored-json";
import {
  clusterMethods,
  clusterRunStatuses,
  jobStatuses,
  modelSources,
  modelVersionStatuses,
  uploadStatuses,
  userRoles,
} from "@/lib/db/statuses";

const now = sql`(floor(extract(epoch from clock_timestamp()) * 1000)::bigint)`;
/** A 64-bit integer read as a number: times (milliseconds since the epoch), byte and item counts. */
const int64 = (name: string) => bigint(name, { mode: "number" });

export const corpora = pgTable("corpora", {
  id: serial("id").primaryKey(),
  name: text("name").notNull().unique(),
  description: text("description").notNull().default(""),
  liveModelVersionId: integer("live_model_version_id"),
  public: boolean("public").notNull().default(false),
  createdAt: int64("created_at").notNull().default(now),
});

export const uploads = pgTable("uploads", {
  id: serial("id").primaryKey(),
  corpusId: integer("corpus_id")
    .notNull()
    .references(() => corpora.id, { onDelete: "cascade" }),
  fileName: text("file_name").notNull(),
  format: text("format").notNull(),
  bytes: int64("bytes").notNull(),
  status: text("status", { enum: uploadStatuses }).notNull().default("queued"),
  documentCount: integer("document_count").notNull().default(0),
  passageCount: integer("passage_count").notNull().default(0),
  duplicateCount: integer("duplicate_count").notNull().default(0),
  createdAt: int64("created_at").notNull().default(now),
});

export const documents = pgTable(
  "documents",
  {
    id: serial("id").primaryKey(),
    corpusId: integer("corpus_id")
      .notNull()
      .references(() => corpora.id, { onDelete: "cascade" }),
    uploadId: integer("upload_id").references(() => uploads.id, { onDelete: "cascade" }),
    ordinal: integer("ordinal").notNull().default(0),
    title: text("title").notNull(),
    titleSegmented: text("title_segmented"),
    text: text("text").notNull(),
    metadata: jsonb("metadata", documentMetadata).notNull().default({}),
    language: text("language"),
    createdAt: int64("created_at").notNull().default(now),
  },
  (t) => [
    index("documents_corpus_idx").on(t.corpusId),
    uniqueIndex("documents_upload_ordinal_idx").on(t.uploadId, t.ordinal),
  ],
);

export const passages = pgTable(
  "passages",
  {
    id: serial("id").primaryKey(),
    corpusId: integer("corpus_id")
      .notNull()
      .references(() => corpora.id, { onDelete: "cascade" }),
    documentId: integer("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    ordinal: integer("ordinal").notNull(),
    text: text("text").notNull(),
    textSegmented: text("text_segmented"),
    start: integer("start").notNull(),
    end: integer("end").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    index("passages_document_idx").on(t.documentId, t.ordinal),
    uniqueIndex("passages_corpus_hash_idx").on(t.corpusId, t.hash),
  ],
);

export const modelVersions = pgTable("model_versions", {
  id: serial("id").primaryKey(),
  corpusId: integer("corpus_id").references(() => corpora.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  source: text("source", { enum: modelSources }).notNull(),
  baseModel: text("base_model").notNull(),
  status: text("status", { enum: modelVersionStatuses }).notNull().default("pending"),
  path: text("path"),
  metrics: jsonb("metrics", storedObject<ModelMetrics>)
    .notNull()
    .default({}),
  createdAt: int64("created_at").notNull().default(now),
});

export const jobs = pgTable(
  "jobs",
  {
    id: serial("id").primaryKey(),
    type: text("type").notNull(),
    status: text("status", { enum: jobStatuses }).notNull().default("queued"),
    payload: jsonb("payload", storedUnknown).notNull().default({}),
    corpusId: integer("corpus_id").references(() => corpora.id, { onDelete: "set null" }),
    title: text("title").notNull().default(""),
    priority: integer("priority").notNull().default(0),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(3),
    runAfter: int64("run_after").notNull().default(now),
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: int64("lease_expires_at"),
    cancelRequested: boolean("cancel_requested").notNull().default(false),
    progress: doublePrecision("progress").notNull().default(0),
    done: int64("done").notNull().default(0),
    total: int64("total").notNull().default(0),
    rate: doublePrecision("rate"),
    etaSeconds: doublePrecision("eta_seconds"),
    message: text("message").notNull().default(""),
    error: text("error"),
    checkpoint: jsonb("checkpoint", storedUnknown),
    queueJobId: text("queue_job_id"),
    createdAt: int64("created_at").notNull().default(now),
    startedAt: int64("started_at"),
    finishedAt: int64("finished_at"),
    updatedAt: int64("updated_at").notNull().default(now),
  },
  (t) => [index("jobs_status_idx").on(t.status, t.runAfter)],
);

export const users = pgTable("users", {
  id: serial("id").primaryKey(),
  email: text("email").notNull().unique(),
  passwordHash: text("password_hash").notNull(),
  role: text("role", { enum: userRoles }).notNull().default("user"),
  createdAt: int64("created_at").notNull().default(now),
});

export const sessions = pgTable(
  "sessions",
  {
    id: serial("id").primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: int64("expires_at").notNull(),
    createdAt: int64("created_at").notNull().default(now),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const apiKeys = pgTable("api_keys", {
  id: serial("id").primaryKey(),
  name: text("name").notNull(),
  prefix: text("prefix").notNull().unique(),
  secretHash: text("secret_hash").notNull(),
  scopes: text("scopes").notNull(),
  createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
  expiresAt: int64("expires_at"),
  revokedAt: int64("revoked_at"),
  lastUsedAt: int64("last_used_at"),
  createdAt: int64("created_at").notNull().default(now),
});

export const auditLog = pgTable(
  "audit_log",
  {
    id: serial("id").primaryKey(),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    target: text("target").notNull().default(""),
    detail: text("detail").notNull().default(""),
    ip: text("ip").notNull().default(""),
    createdAt: int64("created_at").notNull().default(now),
  },
  (t) => [index("audit_log_created_idx").on(t.createdAt)],
);

export const clusterRuns = pgTable(
  "cluster_runs",
  {
    id: serial("id").primaryKey(),
    corpusId: integer("corpus_id")
      .notNull()
      .references(() => corpora.id, { onDelete: "cascade" }),
    modelVersionId: integer("model_version_id").references(() => modelVersions.id, { onDelete: "set null" }),
    method: text("method", { enum: clusterMethods }).notNull(),
    settings: jsonb("settings", storedObject).notNull().default({}),
    notes: jsonb("notes", storedObject<ClusterRunNotes>)
      .notNull()
      .default({}),
    status: text("status", { enum: clusterRunStatuses }).notNull().default("running"),
    clusterCount: integer("cluster_count").notNull().default(0),
    outlierCount: integer("outlier_count").notNull().default(0),
    passageCount: integer("passage_count").notNull().default(0),
    silhouette: doublePrecision("silhouette"),
    createdAt: int64("created_at").notNull().default(now),
    finishedAt: int64("finished_at"),
  },
  (t) => [index("cluster_runs_corpus_idx").on(t.corpusId, t.status)],
);

export const clusters = pgTable(
  "clusters",
  {
    id: serial("id").primaryKey(),
    runId: integer("run_id")
      .notNull()
      .references(() => clusterRuns.id, { onDelete: "cascade" }),
    clusterId: integer("cluster_id").notNull(),
    name: text("name"),
    label: text("label").notNull(),
    keywords: jsonb("keywords", storedList<ClusterKeyword>)
      .notNull()
      .default([]),
    representativeIds: jsonb("representative_ids", storedList<number>)
      .notNull()
      .default([]),
    size: integer("size").notNull(),
    x: doublePrecision("x").notNull().default(0),
    y: doublePrecision("y").notNull().default(0),
  },
  (t) => [uniqueIndex("clusters_run_cluster_idx").on(t.runId, t.clusterId)],
);

export const clusterAssignments = pgTable(
  "cluster_assignments",
  {
    runId: integer("run_id")
      .notNull()
      .references(() => clusterRuns.id, { onDelete: "cascade" }),
    passageId: integer("passage_id")
      .notNull()
      .references(() => passages.id, { onDelete: "cascade" }),
    clusterId: integer("cluster_id").notNull(),
    x: doublePrecision("x").notNull(),
    y: doublePrecision("y").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.passageId] }),
    index("cluster_assignments_cluster_idx").on(t.runId, t.clusterId),
  ],
);

export const trainingPoints = pgTable(
  "training_points",
  {
    modelVersionId: integer("model_version_id")
      .notNull()
      .references(() => modelVersions.id, { onDelete: "cascade" }),
    step: integer("step").notNull(),
    loss: doublePrecision("loss"),
    lr: doublePrecision("lr"),
    gradNorm: doublePrecision("grad_norm"),
    seqPerSec: doublePrecision("seq_per_sec"),
    seconds: doublePrecision("seconds"),
    evalValue: doublePrecision("eval_value"),
    evalMetric: text("eval_metric"),
    evalMetrics: jsonb("eval_metrics", storedObjectOrNull<Record<string, number>>),
  },
  (t) => [primaryKey({ columns: [t.modelVersionId, t.step] })],
);
