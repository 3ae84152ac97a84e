import { existsSync, readFileSync, statSync } from "node:fs";
import { mkdir, open, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { insideFolder } from "./safe-path";
import { downloadFile, resolveRevision, type DownloadProgress, type FetchContext } from "./hub-download";
import { readBertConfig } from "./model-folder";

export type { DownloadProgress } from "./hub-download";

/** The pretrained encoder that Cognate starts from when none is named. */
export const DEFAULT_HUB_MODEL = "sentence-transformers/all-MiniLM-L6-v2";

/** Where a base encoder comes from (see DESIGN.md, "Model strategy"). */
export type ModelSpec = { kind: "hub"; repo: string; revision: string } | { kind: "dir"; path: string } | { kind: "scratch" };

/** Options of {@link ensureModel}. */
export interface EnsureModelOptions {
  /** Root of the model store; hub models go to `{storeDir}/hub/{owner--name}/{sha}/`. */
  storeDir: string;
  /** Hub or mirror base URL, without a trailing slash; default https://huggingface.co. */
  endpoint?: string;
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
  /** How long to wait for an answer (headers, or the next chunk) before failing; default 10 s. */
  timeoutMs?: number;
}

/** Files a model needs; the rest are fetched when the repository has them. */
const REQUIRED = ["config.json", "model.safetensors"];
const OPTIONAL = [
  "tokenizer.json",
  "vocab.txt",
  "tokenizer_config.json",
  "special_tokens_map.json",
  "modules.json",
  "1_Pooling/config.json",
  "sentence_bert_config.json",
  "config_sentence_transformers.json",
];

const REPO_ID = /^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)?$/;

/**
 * Parses `hub:ID[@revision]` (`hub:` alone is {@link DEFAULT_HUB_MODEL}), `dir:PATH` or `scratch`.
 * A bare `owner/name` is read as a hub id.
 */
export function parseModelSpec(spec: string): ModelSpec {
  const s = spec.trim();
  if (s === "scratch") return { kind: "scratch" };
  if (s.startsWith("dir:")) {
    if (s.length === 4) throw new Error(`model spec "${spec}" has no path: write dir:PATH`);
    return { kind: "dir", path: s.slice(4) };
  }
  const hub = s.startsWith("hub:") ? s.slice(4) : s.includes("/") && !s.includes(":") ? s : null;
  if (hub === null) throw new Error(`unknown model spec "${spec}": use hub:ID[@revision], dir:PATH or scratch`);
  const at = hub.lastIndexOf("@");
  const repo = (at >= 0 ? hub.slice(0, at) : hub) || DEFAULT_HUB_MODEL;
  const revision = at >= 0 ? hub.slice(at + 1) : "main";
  if (!REPO_ID.test(repo) || repo.includes("..")) throw new Error(`"${repo}" is not a model id: write it as owner/name, e.g. ${DEFAULT_HUB_MODEL}`);
  if (!revision || revision.includes("..")) throw new Error(`model spec "${spec}" has an empty or invalid revision after @`);
  return { kind: "hub", repo, revision };
}

/**
 * Returns the local folder of a hub or dir model, downloading a hub model into the store once.
 * Scratch models are not fetched but trained: create one with `createScratchModel`.
 */
export async function ensureModel(spec: string | ModelSpec, options: EnsureModelOptions): Promise<string> {
  const parsed = typeof spec === "string" ? parseModelSpec(spec) : spec;
  if (parsed.kind === "scratch") throw new Error("scratch models are not downloaded: create one with createScratchModel(dir, { texts }) and load it as dir:PATH");
  if (parsed.kind === "dir") {
    const dir = path.resolve(parsed.path);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`model folder ${dir} does not exist: copy the model folder there, or use hub:ID or scratch`);
    if (!existsSync(path.join(dir, "config.json"))) throw new Error(`${dir} has no config.json: it is not a Hugging Face model folder; copy the whole model folder in`);
    return dir;
  }
  return downloadHubModel(parsed.repo, parsed.revision, options);
}

function repoDir(storeDir: string, repo: string): string {
  // parseModelSpec already refuses ".." and odd characters; this keeps the folder inside the store regardless.
  return insideFolder(path.join(path.resolve(storeDir), "hub"), repo.replace(/\//g, "--"));
}

/** The store's folder for a hub model's revision when it has been downloaded before, found without any request. */
export function storedHubModel(storeDir: string, repo: string, revision = "main"): string | undefined {
  return cachedFolder(repoDir(storeDir, repo), revision);
}

/** The stored folder for a revision, found without any request (pinned sha or a recorded ref). */
function cachedFolder(base: string, revision: string): string | undefined {
  if (/^[0-9a-f]{40}$/.test(revision) && existsSync(path.join(base, revision))) return path.join(base, revision);
  const ref = path.join(base, "refs", encodeURIComponent(revision));
  if (!existsSync(ref)) return undefined;
  const dir = path.join(base, safeName(readFileSync(ref, "utf8").trim()));
  return existsSync(dir) ? dir : undefined;
}

function safeName(sha: string): string {
  return encodeURIComponent(sha).replace(/^\.+/, "_");
}

async function fetchFiles(sha: string, tmp: string, ctx: FetchContext): Promise<void> {
  if (!(await downloadFile("config.json", sha, tmp, ctx))) throw new Error(`model ${ctx.repo} not found at ${ctx.endpoint}: check the id (and the revision)`);
  // Refuse a non-BERT model before fetching hundreds of megabytes of it.
  readBertConfig(tmp);
  for (const name of OPTIONAL) await downloadFile(name, sha, tmp, ctx);
  if (!existsSync(path.join(tmp, "tokenizer.json")) && !existsSync(path.join(tmp, "vocab.txt"))) {
    throw new Error(`model ${ctx.repo} at ${ctx.endpoint} has neither tokenizer.json nor vocab.txt: Cognate needs a WordPiece tokenizer`);
  }
  for (const name of REQUIRED.slice(1)) {
    if (!(await downloadFile(name, sha, tmp, ctx))) {
      throw new Error(`model ${ctx.repo} at ${ctx.endpoint} has no ${name}: Cognate reads safetensors weights; pick a revision that has them, or convert the model and use dir:PATH`);
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Runs `fn` holding `lock` (a file with the owner's pid), so that two workers never write the same
 * partial folder. A lock whose process is gone is taken over; a live one is waited for.
 */
async function withLock<T>(lock: string, signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
  for (;;) {
    signal?.throwIfAborted();
    try {
      const fh = await open(lock, "wx");
      await fh.writeFile(String(process.pid));
      await fh.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const owner = Number(await readFile(lock, "utf8").catch(() => ""));
      if (owner && !alive(owner)) await rm(lock, { force: true });
      else await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { force: true });
  }
}

/**
 * Downloads a hub model into `{storeDir}/hub/{owner--name}/{sha}/`: resolves the revision, fetches
 * each file (resumable, verified), then renames the finished folder into place so that a folder in
 * the store is always complete. A folder already there is returned without any request.
 */
export async function downloadHubModel(repo: string, revision: string, options: EnsureModelOptions): Promise<string> {
  const base = repoDir(options.storeDir, repo);
  const cached = cachedFolder(base, revision);
  if (cached) return cached;
  const ctx: FetchContext = {
    endpoint: (options.endpoint ?? "https://huggingface.co").replace(/\/+$/, ""),
    repo,
    signal: options.signal,
    timeoutMs: options.timeoutMs ?? 10_000,
    onProgress: options.onProgress,
  };
  const sha = await resolveRevision(revision, ctx);
  const final = path.join(base, safeName(sha));
  if (!existsSync(final)) {
    // Not unique per process on purpose: the .part files in it let the next run resume.
    const tmp = path.join(base, `.partial-${safeName(sha)}`);
    await mkdir(base, { recursive: true });
    await withLock(`${tmp}.lock`, options.signal, async () => {
      if (existsSync(final)) return; // another process finished it while we waited
      await mkdir(tmp, { recursive: true });
      await fetchFiles(sha, tmp, ctx);
      await rename(tmp, final);
    });
  }
  await mkdir(path.join(base, "refs"), { recursive: true });
  const ref = path.join(base, "refs", encodeURIComponent(revision));
  await writeFile(`${ref}.tmp-${process.pid}`, sha);
  await rename(`${ref}.tmp-${process.pid}`, ref);
  return final;
}
