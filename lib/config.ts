import path from "node:path";
import os from "node:os";
import { parseTrustedProxies } from "@/lib/auth/client-address";
import { parseEmbedPrecision, type EmbedPrecisionChoice } from "@/lib/model/embed/embed-precision";
import { parseSearchThreadPolicy, type SearchThreadPolicy } from "@/lib/index/search-thread-policy";

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
  /** Most bytes one hub model's files may take together (`COGNATE_MAX_MODEL_MB`, default 2048). */
  maxModelBytes: number;
  /** Hosts besides HF_ENDPOINT's own (and the Hub's CDNs) that model downloads may be redirected to (`COGNATE_HUB_REDIRECT_HOSTS`: names, or `.suffix` for subdomains). */
  hubRedirectHosts: readonly string[];
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
  /** Which ONNX graph embeds (`COGNATE_EMBED_PRECISION`: fp32, int8 or auto, default auto; see `EmbedderLoadOptions.precision`). */
  embedPrecision: EmbedPrecisionChoice;
  /** Models the web server keeps loaded for queries, least recently used out first (`COGNATE_EMBEDDER_MODELS`, default 4; `COGNATE_EMBEDDER_MB`, default 1024). */
  embedderPool: { maxModels: number; maxBytes: number };
  /** Where the web server's indexes run graph and exact searches (`COGNATE_SEARCH_THREAD`: auto, always or never, default auto; see lib/index/search-thread-policy.ts). */
  searchThread: SearchThreadPolicy;
  /** Accounts, keys and abuse limits (see README "Accounts and API keys"). */
  auth: AuthConfig;
}

/** Settings of accounts, API keys, rate limits and request size limits. */
export interface AuthConfig {
  /** Admin created at start when absent (`COGNATE_ADMIN_EMAIL`, `COGNATE_ADMIN_PASSWORD`). */
  adminEmail?: string;
  adminPassword?: string;
  /** An admin API key for provisioning and automation (`COGNATE_MASTER_KEY`, at least 16 characters). */
  masterKey?: string;
  /** Session lifetime in ms (`COGNATE_SESSION_HOURS`, default 168 = 7 days). */
  sessionMs: number;
  /** Mark the session cookie Secure (`COGNATE_SECURE_COOKIES=1`; default: only when the request came over https). */
  secureCookies?: boolean;
  /** Requests per minute per client address (`COGNATE_RATE_LIMIT_IP`, default 600). */
  ratePerIp: number;
  /** Server-rendered pages and server actions per minute per client address (`COGNATE_RATE_LIMIT_PAGES`, default 300); the search page runs a search with explanations. */
  ratePerPage: number;
  /** Requests per minute per API key (`COGNATE_RATE_LIMIT_KEY`, default 1200). */
  ratePerKey: number;
  /** Failed logins per address and per account before each further try must wait (`COGNATE_RATE_LIMIT_LOGIN`, default 10; see `LoginThrottle`). */
  rateLogin: number;
  /**
   * Where the rate limits and the login throttle count (`REDIS_URL`, e.g. redis://127.0.0.1:6379):
   * set, in Redis, shared by every web process; unset, in PostgreSQL when `DATABASE_URL` is one,
   * otherwise in this process's memory (see lib/auth/rate-limit-store.ts).
   */
  redisUrl?: string;
  /**
   * Reverse proxies whose `X-Forwarded-For` entries are believed (`COGNATE_TRUSTED_PROXIES`:
   * addresses or CIDR ranges, comma-separated; default none, so the header a client sends is ignored).
   */
  trustedProxies: readonly string[];
  /** Largest JSON request body in bytes (`COGNATE_MAX_BODY_KB`, default 1024). */
  maxBodyBytes: number;
  /** Longest search query in characters (`COGNATE_MAX_QUERY_CHARS`, default 1000). */
  maxQueryChars: number;
  /** Most texts or pairs in one embed or similarity request (`COGNATE_MAX_BATCH`, default 256). */
  maxBatch: number;
  /** Most texts or pairs in one similarity request from an anonymous caller (`COGNATE_MAX_BATCH_ANONYMOUS`, default 16). */
  maxBatchAnonymous: number;
  /** Longest text from an anonymous caller, in characters (`COGNATE_MAX_TEXT_CHARS_ANONYMOUS`, default 1000; others 2000). */
  maxTextCharsAnonymous: number;
  /** Audit log retention: entries older than this many days are pruned (`COGNATE_AUDIT_DAYS`, default 90). */
  auditDays: number;
  /** Audit log retention: at most this many entries are kept, the newest (`COGNATE_AUDIT_MAX_ROWS`, default 100000). */
  auditMaxRows: number;
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name}=${raw} is not a positive number; unset it or give one like ${fallback}`);
  return value;
}

function redisUrlFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const url = env.REDIS_URL?.trim() || undefined;
  if (url !== undefined && !/^rediss?:\/\//i.test(url))
    // Not echoed: the URL may carry a password.
    throw new Error("REDIS_URL is not a redis:// or rediss:// URL; unset it or give one like redis://127.0.0.1:6379");
  return url;
}

/** Shortest admin password accepted from the environment (it sits in files and process listings, and is the keys to everything). */
export const ADMIN_PASSWORD_MIN = 12;

function readAuthConfig(env: NodeJS.ProcessEnv): AuthConfig {
  const masterKey = env.COGNATE_MASTER_KEY || undefined;
  if (masterKey !== undefined && masterKey.length < 16)
    throw new Error(
      "COGNATE_MASTER_KEY is shorter than 16 characters; use a long random value, e.g. openssl rand -hex 32",
    );
  const adminEmail = env.COGNATE_ADMIN_EMAIL?.trim().toLowerCase() || undefined;
  const adminPassword = env.COGNATE_ADMIN_PASSWORD || undefined;
  if (Boolean(adminEmail) !== Boolean(adminPassword))
    throw new Error("set both COGNATE_ADMIN_EMAIL and COGNATE_ADMIN_PASSWORD, or neither");
  if (adminPassword !== undefined && adminPassword.length < ADMIN_PASSWORD_MIN) {
    throw new Error(
      `COGNATE_ADMIN_PASSWORD is shorter than ${ADMIN_PASSWORD_MIN} characters; use a long passphrase (e.g. four random words) or a random value such as openssl rand -base64 18`,
    );
  }
  return {
    adminEmail,
    adminPassword,
    masterKey,
    sessionMs: intFromEnv(env, "COGNATE_SESSION_HOURS", 168) * 3_600_000,
    secureCookies:
      env.COGNATE_SECURE_COOKIES === undefined || env.COGNATE_SECURE_COOKIES === ""
        ? undefined
        : env.COGNATE_SECURE_COOKIES !== "0",
    ratePerIp: intFromEnv(env, "COGNATE_RATE_LIMIT_IP", 600),
    ratePerPage: intFromEnv(env, "COGNATE_RATE_LIMIT_PAGES", 300),
    ratePerKey: intFromEnv(env, "COGNATE_RATE_LIMIT_KEY", 1200),
    rateLogin: intFromEnv(env, "COGNATE_RATE_LIMIT_LOGIN", 10),
    redisUrl: redisUrlFromEnv(env),
    trustedProxies: Object.freeze(parseTrustedProxies(env.COGNATE_TRUSTED_PROXIES)),
    maxBodyBytes: intFromEnv(env, "COGNATE_MAX_BODY_KB", 1024) * 1024,
    maxQueryChars: intFromEnv(env, "COGNATE_MAX_QUERY_CHARS", 1000),
    maxBatch: intFromEnv(env, "COGNATE_MAX_BATCH", 256),
    maxBatchAnonymous: intFromEnv(env, "COGNATE_MAX_BATCH_ANONYMOUS", 16),
    maxTextCharsAnonymous: intFromEnv(env, "COGNATE_MAX_TEXT_CHARS_ANONYMOUS", 1000),
    auditDays: intFromEnv(env, "COGNATE_AUDIT_DAYS", 90),
    auditMaxRows: intFromEnv(env, "COGNATE_AUDIT_MAX_ROWS", 100_000),
  };
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
    maxModelBytes: intFromEnv(env, "COGNATE_MAX_MODEL_MB", 2048) * 1024 * 1024,
    hubRedirectHosts: Object.freeze(
      (env.COGNATE_HUB_REDIRECT_HOSTS ?? "")
        .split(",")
        .map((h) => h.trim())
        .filter(Boolean),
    ),
    baseModel: env.COGNATE_BASE_MODEL || "hub:sentence-transformers/all-MiniLM-L6-v2",
    maxUploadBytes: intFromEnv(env, "COGNATE_MAX_UPLOAD_MB", 50) * 1024 * 1024,
    maxPassageChars: intFromEnv(env, "COGNATE_MAX_PASSAGE_CHARS", 600),
    loadSample: env.COGNATE_SAMPLE !== "0",
    workerPollMs: intFromEnv(env, "COGNATE_WORKER_POLL_MS", 500),
    leaseMs: intFromEnv(env, "COGNATE_LEASE_MS", 30_000),
    threads: intFromEnv(env, "COGNATE_THREADS", os.availableParallelism()),
    embedPrecision: parseEmbedPrecision(env.COGNATE_EMBED_PRECISION, "COGNATE_EMBED_PRECISION"),
    embedderPool: Object.freeze({
      maxModels: intFromEnv(env, "COGNATE_EMBEDDER_MODELS", 4),
      maxBytes: intFromEnv(env, "COGNATE_EMBEDDER_MB", 1024) * 1024 * 1024,
    }),
    searchThread: parseSearchThreadPolicy(env.COGNATE_SEARCH_THREAD, "COGNATE_SEARCH_THREAD"),
    auth: Object.freeze(readAuthConfig(env)),
  });
}

let cached: Readonly<Config> | undefined;

/** The process-wide configuration, read from `process.env` on first use. */
export function config(): Readonly<Config> {
  cached ??= readConfig();
  return cached;
}
