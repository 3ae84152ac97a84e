import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { jsonText } from "@/lib/db/json-text";
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

const now = sql`(cast(unixepoch('subsec') * 1000 as integer))`;

/** A named collection of documents that is searched, trained on and clustered together. */
export const corpora = sqliteTable("corpora", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  description: text("description").notNull().default(""),
  liveModelVersionId: integer("live_model_version_id"),
  /** Readable without logging in (search, documents) when an admin allows it. */
  public: integer("public", { mode: "boolean" }).notNull().default(false),
  createdAt: integer("created_at").notNull().default(now),
});

/** One uploaded file's worth of documents; ingest jobs write under one upload so a failed one can be removed whole. */
export const uploads = sqliteTable("uploads", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  corpusId: integer("corpus_id")
    .notNull()
    .references(() => corpora.id, { onDelete: "cascade" }),
  fileName: text("file_name").notNull(),
  format: text("format").notNull(),
  bytes: integer("bytes").notNull(),
  status: text("status", { enum: uploadStatuses }).notNull().default("queued"),
  documentCount: integer("document_count").notNull().default(0),
  passageCount: integer("passage_count").notNull().default(0),
  duplicateCount: integer("duplicate_count").notNull().default(0),
  createdAt: integer("created_at").notNull().default(now),
});

export const documents = sqliteTable(
  "documents",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    corpusId: integer("corpus_id")
      .notNull()
      .references(() => corpora.id, { onDelete: "cascade" }),
    uploadId: integer("upload_id").references(() => uploads.id, { onDelete: "cascade" }),
    /** Position of the document inside its upload; with uploadId it makes re-running an ingest idempotent. */
    ordinal: integer("ordinal").notNull().default(0),
    title: text("title").notNull(),
    /** The title as the keyword index reads it (ftsIndexText: Han/kana characters apart); null when that is the title itself. */
    titleSegmented: text("title_segmented"),
    text: text("text").notNull(),
    /** JSON object of the source's other columns or fields. */
    metadata: jsonText("metadata", documentMetadata).notNull().default({}),
    /** Detected main language (ISO 639-1, "und" when unknown; lib/text/detect-language); null for documents stored before detection. */
    language: text("language"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [
    index("documents_corpus_idx").on(t.corpusId),
    uniqueIndex("documents_upload_ordinal_idx").on(t.uploadId, t.ordinal),
  ],
);

/** The unit that is embedded and searched: a sentence-aware chunk of a document with its offsets. */
export const passages = sqliteTable(
  "passages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    corpusId: integer("corpus_id")
      .notNull()
      .references(() => corpora.id, { onDelete: "cascade" }),
    documentId: integer("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    ordinal: integer("ordinal").notNull(),
    text: text("text").notNull(),
    /** The text as the keyword index reads it (ftsIndexText: Han/kana characters apart); null when that is the text itself. */
    textSegmented: text("text_segmented"),
    start: integer("start").notNull(),
    end: integer("end").notNull(),
    /** passageHash(text): exact duplicates inside a corpus are dropped. */
    hash: text("hash").notNull(),
  },
  (t) => [
    index("passages_document_idx").on(t.documentId, t.ordinal),
    uniqueIndex("passages_corpus_hash_idx").on(t.corpusId, t.hash),
  ],
);

/** A trained or downloaded encoder for a corpus, with where it lives and how it scored. */
export const modelVersions = sqliteTable("model_versions", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  corpusId: integer("corpus_id").references(() => corpora.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  source: text("source", { enum: modelSources }).notNull(),
  baseModel: text("base_model").notNull(),
  status: text("status", { enum: modelVersionStatuses }).notNull().default("pending"),
  path: text("path"),
  /** JSON object of evaluation results, e.g. {"sts_spearman": 0.81}. */
  metrics: jsonText("metrics", storedObject<ModelMetrics>)
    .notNull()
    .default({}),
  createdAt: integer("created_at").notNull().default(now),
});

/** The durable job queue: leased with a heartbeat, retried with backoff, cancellable, with progress. */
export const jobs = sqliteTable(
  "jobs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    type: text("type").notNull(),
    status: text("status", { enum: jobStatuses }).notNull().default("queued"),
    /** JSON the job's handler reads through its zod payload schema. */
    payload: jsonText("payload", storedUnknown).notNull().default({}),
    corpusId: integer("corpus_id").references(() => corpora.id, { onDelete: "set null" }),
    title: text("title").notNull().default(""),
    priority: integer("priority").notNull().default(0),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(3),
    runAfter: integer("run_after").notNull().default(now),
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: integer("lease_expires_at"),
    cancelRequested: integer("cancel_requested", { mode: "boolean" }).notNull().default(false),
    progress: real("progress").notNull().default(0),
    done: integer("done").notNull().default(0),
    total: integer("total").notNull().default(0),
    rate: real("rate"),
    etaSeconds: real("eta_seconds"),
    message: text("message").notNull().default(""),
    error: text("error"),
    /** JSON the handler saves to resume where it stopped. */
    checkpoint: jsonText("checkpoint", storedUnknown),
    /**
     * The job's pg-boss job id, on PostgreSQL (lib/db/pg/job-queue.ts): how a cancel, an end or a
     * dead worker's lease reaches the queue. Null on SQLite, whose queue is this table.
     */
    queueJobId: text("queue_job_id"),
    createdAt: integer("created_at").notNull().default(now),
    startedAt: integer("started_at"),
    finishedAt: integer("finished_at"),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [index("jobs_status_idx").on(t.status, t.runAfter)],
);

/** A person who logs in: `admin` manages everything, `user` searches and explores. */
export const users = sqliteTable("users", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  /** Lower-cased; unique. */
  email: text("email").notNull().unique(),
  /** scrypt hash in the self-describing form of lib/auth/password-hash.ts. */
  passwordHash: text("password_hash").notNull(),
  role: text("role", { enum: userRoles }).notNull().default("user"),
  createdAt: integer("created_at").notNull().default(now),
});

/** A browser session; only the SHA-256 of the cookie's token is stored. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tokenHash: text("token_hash").notNull().unique(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at").notNull(),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** An API key: shown once, stored as a scrypt hash, found by its public prefix. */
export const apiKeys = sqliteTable("api_keys", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  /** The key's public part (`cgk_<prefix>_...`), unique, used to find the row. */
  prefix: text("prefix").notNull().unique(),
  secretHash: text("secret_hash").notNull(),
  /** Comma-separated scopes: search, similarity, embed, admin. */
  scopes: text("scopes").notNull(),
  createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
  expiresAt: integer("expires_at"),
  revokedAt: integer("revoked_at"),
  lastUsedAt: integer("last_used_at"),
  createdAt: integer("created_at").notNull().default(now),
});

/** Who did what when: admin actions and sign-ins. Never holds secrets or request bodies. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** "user:<email>", "key:<name> (<prefix>)", "master key" or "anonymous". */
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    target: text("target").notNull().default(""),
    detail: text("detail").notNull().default(""),
    ip: text("ip").notNull().default(""),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("audit_log_created_idx").on(t.createdAt)],
);

/**
 * One clustering of a corpus with one model version: its settings, what was found, and its
 * quality. The explorer shows the newest finished run; older runs are removed when a new one
 * finishes (their ids live on: cluster ids are matched across runs).
 */
export const clusterRuns = sqliteTable(
  "cluster_runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    corpusId: integer("corpus_id")
      .notNull()
      .references(() => corpora.id, { onDelete: "cascade" }),
    modelVersionId: integer("model_version_id").references(() => modelVersions.id, { onDelete: "set null" }),
    method: text("method", { enum: clusterMethods }).notNull(),
    /** JSON of the settings the run used (the cluster service reads it through clusterSettings). */
    settings: jsonText("settings", storedObject).notNull().default({}),
    /** JSON of what was decided on the way (chosen k, silhouette by k, minimum cluster size). */
    notes: jsonText("notes", storedObject<ClusterRunNotes>)
      .notNull()
      .default({}),
    status: text("status", { enum: clusterRunStatuses }).notNull().default("running"),
    clusterCount: integer("cluster_count").notNull().default(0),
    outlierCount: integer("outlier_count").notNull().default(0),
    passageCount: integer("passage_count").notNull().default(0),
    /** Mean silhouette (cosine) on a sample; null when it cannot be computed (one cluster). */
    silhouette: real("silhouette"),
    createdAt: integer("created_at").notNull().default(now),
    finishedAt: integer("finished_at"),
  },
  (t) => [index("cluster_runs_corpus_idx").on(t.corpusId, t.status)],
);

/** A cluster of a run: its stable id, name, keywords, representative passages and map centre. */
export const clusters = sqliteTable(
  "clusters",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    runId: integer("run_id")
      .notNull()
      .references(() => clusterRuns.id, { onDelete: "cascade" }),
    /** Stable across runs of the corpus (matched by member overlap); what URLs and the API use. */
    clusterId: integer("cluster_id").notNull(),
    /** The admin's name for it, carried over to later runs; null = use the keyword label. */
    name: text("name"),
    /** Label made of the top keywords. */
    label: text("label").notNull(),
    /** JSON [{ term, weight }] by c-TF-IDF, best first. */
    keywords: jsonText("keywords", storedList<ClusterKeyword>)
      .notNull()
      .default([]),
    /** JSON [passageId], nearest the centroid first. */
    representativeIds: jsonText("representative_ids", storedList<number>)
      .notNull()
      .default([]),
    size: integer("size").notNull(),
    x: real("x").notNull().default(0),
    y: real("y").notNull().default(0),
  },
  (t) => [uniqueIndex("clusters_run_cluster_idx").on(t.runId, t.clusterId)],
);

/** Which cluster each passage of a run is in (−1: outlier), and where it lies on the map. */
export const clusterAssignments = sqliteTable(
  "cluster_assignments",
  {
    runId: integer("run_id")
      .notNull()
      .references(() => clusterRuns.id, { onDelete: "cascade" }),
    passageId: integer("passage_id")
      .notNull()
      .references(() => passages.id, { onDelete: "cascade" }),
    clusterId: integer("cluster_id").notNull(),
    x: real("x").notNull(),
    y: real("y").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.passageId] }),
    index("cluster_assignments_cluster_idx").on(t.runId, t.clusterId),
  ],
);

/**
 * The history of a training run, one row per step (and per evaluation; step 0 holds the base
 * model's evaluation): what the live dashboard charts. A resumed run overwrites the steps it repeats.
 */
export const trainingPoints = sqliteTable(
  "training_points",
  {
    modelVersionId: integer("model_version_id")
      .notNull()
      .references(() => modelVersions.id, { onDelete: "cascade" }),
    step: integer("step").notNull(),
    loss: real("loss"),
    lr: real("lr"),
    gradNorm: real("grad_norm"),
    seqPerSec: real("seq_per_sec"),
    /** Seconds of training so far (a resumed run continues the count). */
    seconds: real("seconds"),
    /** The primary evaluation metric at this step, when one was computed. */
    evalValue: real("eval_value"),
    evalMetric: text("eval_metric"),
    /** JSON object of every metric of that evaluation. */
    evalMetrics: jsonText("eval_metrics", storedObjectOrNull<Record<string, number>>),
  },
  (t) => [primaryKey({ columns: [t.modelVersionId, t.step] })],
);

export type Corpus = typeof corpora.$inferSelect;
export type Upload = typeof uploads.$inferSelect;
export type DocumentRow = typeof documents.$inferSelect;
export type PassageRow = typeof passages.$inferSelect;
export type ModelVersion = typeof modelVersions.$inferSelect;
export type JobRow = typeof jobs.$inferSelect;
export type User = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
export type ClusterRun = typeof clusterRuns.$inferSelect;
export type ClusterRow = typeof clusters.$inferSelect;
export type TrainingPointRow = typeof trainingPoints.$inferSelect;
