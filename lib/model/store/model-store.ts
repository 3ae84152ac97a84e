import { existsSync, readFileSync, statSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { insideFolder } from "@/lib/model/store/safe-path";
import {
  downloadFile,
  hubRedirectHosts,
  resolveRevision,
  type DownloadProgress,
  type FetchContext,
} from "@/lib/model/store/hub-download";
import { withDownloadLock } from "@/lib/model/store/download-lock";
import { readBertConfig } from "@/lib/model/store/model-folder";

export type { DownloadProgress } from "@/lib/model/store/hub-download";

/** The pretrained encoder that Cognate starts from when none is named. */
export const DEFAULT_HUB_MODEL = "sentence-transformers/all-MiniLM-L6-v2";

/** Where a base encoder comes from (see DESIGN.md, "Model strategy"). */
export type ModelSpec =
  { kind: "hub"; repo: string; revision: string } | { kind: "dir"; path: string } | { kind: "scratch" };

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
  /** Most bytes one model's files may take together (COGNATE_MAX_MODEL_MB); default 2 GiB. */
  maxBytes?: number;
  /** Hosts besides the endpoint's (and the Hub's CDNs) that a download may be redirected to (COGNATE_HUB_REDIRECT_HOSTS). */
  redirectHosts?: readonly string[];
  /** A download lock untouched this long is taken over (default 3 minutes; see download-lock.ts). */
  lockStaleMs?: number;
}

/** Default cap on one model's download: BERT-large in safetensors is 1.3 GB. */
export const DEFAULT_MAX_MODEL_BYTES = 2 * 1024 ** 3;

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
  if (!REPO_ID.test(repo) || repo.includes(".."))
    throw new Error(`"${repo}" is not a model id: write it as owner/name, e.g. ${DEFAULT_HUB_MODEL}`);
  if (!revision || revision.includes(".."))
    throw new Error(`model spec "${spec}" has an empty or invalid revision after @`);
  return { kind: "hub", repo, revision };
}

/**
 * Returns the local folder of a hub or dir model, downloading a hub model into the store once.
 * Scratch models are not fetched but trained: create one with `createScratchModel`.
 */
export async function ensureModel(spec: string | ModelSpec, options: EnsureModelOptions): Promise<string> {
  const parsed = typeof spec === "string" ? parseModelSpec(spec) : spec;
  if (parsed.kind === "scratch")
    throw new Error(
      "scratch models are not downloaded: create one with createScratchModel(dir, { texts }) and load it as dir:PATH",
    );
  if (parsed.kind === "dir") {
    const dir = path.resolve(parsed.path);
    if (!existsSync(dir) || !statSync(dir).isDirectory())
      throw new Error(`model folder ${dir} does not exist: copy the model folder there, or use hub:ID or scratch`);
    if (!existsSync(path.join(dir, "config.json")))
      throw new Error(
        `${dir} has no config.json: it is not a Hugging Face model folder; copy the whole model folder in`,
      );
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
  if (!(await downloadFile("config.json", sha, tmp, ctx)))
    throw new Error(`model ${ctx.repo} not found at ${ctx.endpoint}: check the id (and the revision)`);
  // Refuse a non-BERT model before fetching hundreds of megabytes of it.
  readBertConfig(tmp);
  for (const name of OPTIONAL) await downloadFile(name, sha, tmp, ctx);
  if (!existsSync(path.join(tmp, "tokenizer.json")) && !existsSync(path.join(tmp, "vocab.txt"))) {
    throw new Error(
      `model ${ctx.repo} at ${ctx.endpoint} has neither tokenizer.json nor vocab.txt: Cognate needs a WordPiece tokenizer`,
    );
  }
  for (const name of REQUIRED.slice(1)) {
    if (!(await downloadFile(name, sha, tmp, ctx))) {
      throw new Error(
        `model ${ctx.repo} at ${ctx.endpoint} has no ${name}: Cognate reads safetensors weights; pick a revision that has them, or convert the model and use dir:PATH`,
      );
    }
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
  const endpoint = (options.endpoint ?? "https://huggingface.co").replace(/\/+$/, "");
  const ctx: FetchContext = {
    endpoint,
    repo,
    signal: options.signal,
    timeoutMs: options.timeoutMs ?? 10_000,
    onProgress: options.onProgress,
    redirectHosts: hubRedirectHosts(endpoint, options.redirectHosts),
  };
  const sha = await resolveRevision(revision, ctx);
  const final = path.join(base, safeName(sha));
  if (!existsSync(final)) {
    // Not unique per process on purpose: the .part files in it let the next run resume.
    const tmp = path.join(base, `.partial-${safeName(sha)}`);
    await mkdir(base, { recursive: true });
    await withDownloadLock(
      `${tmp}.lock`,
      options.signal,
      async (held) => {
        if (existsSync(final)) return; // another process finished it while we waited
        await mkdir(tmp, { recursive: true });
        const report = ctx.onProgress;
        // Progress keeps the lock fresh: a lock untouched for lockStaleMs is taken over.
        await fetchFiles(sha, tmp, {
          ...ctx,
          budget: { used: 0, max: options.maxBytes ?? DEFAULT_MAX_MODEL_BYTES },
          onProgress: (p) => (held.touch(), report?.(p)),
        });
        await rename(tmp, final);
      },
      options.lockStaleMs,
    );
  }
  await mkdir(path.join(base, "refs"), { recursive: true });
  const ref = path.join(base, "refs", encodeURIComponent(revision));
  await writeFile(`${ref}.tmp-${process.pid}`, sha);
  await rename(`${ref}.tmp-${process.pid}`, ref);
  return final;
}
