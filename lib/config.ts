import path from "node:path";
import os from "node:os";

/** Everything Cognate reads from the environment, read once. */
export interface Config {
  /** Root folder for the database, models and indexes (`COGNATE_DATA_DIR`, default `./data`). */
  dataDir: string;
  /** SQLite database file (`COGNATE_DB`, default `<dataDir>/cognate.db`). */
  dbPath: string;
  /** Model store folder (`<dataDir>/models`). */
  modelDir: string;
  /** Index folder (`<dataDir>/indexes`). */
  indexDir: string;
  /** Hugging Face endpoint or mirror (`HF_ENDPOINT`). */
  hfEndpoint: string;
  /** Base model each corpus gets after its first upload (`COGNATE_BASE_MODEL`: hub:ID, dir:PATH, scratch, or none for no automatic model). */
  baseModel: string;
  /** Largest accepted upload in bytes (`COGNATE_MAX_UPLOAD_MB`, default 50). */
  maxUploadBytes: number;
  /** Longest passage in characters (`COGNATE_MAX_PASSAGE_CHARS`, default 600). */
  maxPassageChars: number;
  /** Load the sample corpus into an empty database (`COGNATE_SAMPLE`, default on; `0` turns it off). */
  loadSample: boolean;
  /** Worker poll interval in ms (`COGNATE_WORKER_POLL_MS`). */
  workerPollMs: number;
  /** How long a job lease lasts without a heartbeat before another worker may take it (`COGNATE_LEASE_MS`). */
  leaseMs: number;
  /** Worker threads for CPU-bound work (`COGNATE_THREADS`, default the number of cores). */
  threads: number;
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}=${raw} is not a positive number; unset it or give one like ${fallback}`);
  return value;
}

/** Builds the configuration from an environment (default `process.env`). */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const dataDir = path.resolve(/* turbopackIgnore: true */ env.COGNATE_DATA_DIR || "data");
  return Object.freeze({
    dataDir,
    dbPath: path.resolve(/* turbopackIgnore: true */ env.COGNATE_DB || path.join(dataDir, "cognate.db")),
    modelDir: path.join(dataDir, "models"),
    indexDir: path.join(dataDir, "indexes"),
    hfEndpoint: (env.HF_ENDPOINT || "https://huggingface.co").replace(/\/+$/, ""),
    baseModel: env.COGNATE_BASE_MODEL || "hub:sentence-transformers/all-MiniLM-L6-v2",
    maxUploadBytes: intFromEnv(env, "COGNATE_MAX_UPLOAD_MB", 50) * 1024 * 1024,
    maxPassageChars: intFromEnv(env, "COGNATE_MAX_PASSAGE_CHARS", 600),
    loadSample: env.COGNATE_SAMPLE !== "0",
    workerPollMs: intFromEnv(env, "COGNATE_WORKER_POLL_MS", 500),
    leaseMs: intFromEnv(env, "COGNATE_LEASE_MS", 30_000),
    threads: intFromEnv(env, "COGNATE_THREADS", os.availableParallelism()),
  });
}

let cached: Readonly<Config> | undefined;

/** The process-wide configuration, read from `process.env` on first use. */
export function config(): Readonly<Config> {
  cached ??= readConfig();
  return cached;
}
