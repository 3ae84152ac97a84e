import { createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import path from "node:path";

/** Progress of one file's download. */
export interface DownloadProgress {
  file: string;
  bytes: number;
  /** From Content-Length / Content-Range; 0 when the server does not say. */
  totalBytes: number;
  bytesPerSecond: number;
  /** Infinity until a rate is known or when the total is unknown. */
  etaSeconds: number;
}

/** Where and how to fetch: the endpoint is a parameter (the caller reads HF_ENDPOINT, not this module). */
export interface FetchContext {
  endpoint: string;
  /** Model id, e.g. `sentence-transformers/all-MiniLM-L6-v2`, for error messages and URLs. */
  repo: string;
  signal?: AbortSignal;
  /** How long to wait for response headers, or between two chunks, before giving up. */
  timeoutMs: number;
  onProgress?: (p: DownloadProgress) => void;
  /** Bytes all files of one model may take together; `used` grows as files finish (see {@link ModelTooLargeError}). */
  budget?: { used: number; max: number };
  /** Hosts a redirect may lead to besides the endpoint's own (`host`, or `.suffix` for its subdomains); default {@link hubRedirectHosts}. */
  redirectHosts?: readonly string[];
}

/** The hosts of the Hugging Face Hub's file CDNs: redirects from huggingface.co go there. */
const HF_CDN_SUFFIXES = [".huggingface.co", ".hf.co"];

/**
 * Where redirects from `endpoint` may lead: its own host, and for huggingface.co the Hub's CDN
 * hosts (cdn-lfs*.huggingface.co, cas-bridge.xethub.hf.co, …). A mirror's other hosts are named
 * with `extra` (COGNATE_HUB_REDIRECT_HOSTS).
 */
export function hubRedirectHosts(endpoint: string, extra: readonly string[] = []): string[] {
  const host = new URL(endpoint).hostname.toLowerCase();
  const hf =
    host === "huggingface.co" || host.endsWith(".huggingface.co") || host === "hf.co" || host.endsWith(".hf.co");
  return [host, ...(hf ? HF_CDN_SUFFIXES : []), ...extra.map((h) => h.trim().toLowerCase()).filter(Boolean)];
}

/** True when `url` is on one of `hosts` (exact, or a subdomain of a `.suffix` entry), over https unless the endpoint is plain http. */
function redirectAllowed(url: URL, endpoint: string, hosts: readonly string[]): boolean {
  if (url.protocol !== "https:" && !(url.protocol === "http:" && endpoint.startsWith("http:"))) return false;
  const host = url.hostname.toLowerCase();
  return hosts.some((h) => (h.startsWith(".") ? host.endsWith(h) : host === h));
}

/** A model whose files add up to more than the download budget (COGNATE_MAX_MODEL_MB). */
export class ModelTooLargeError extends Error {}

function tooLarge(ctx: FetchContext, name: string): ModelTooLargeError {
  const mb = Math.round(ctx.budget!.max / 1048576);
  return new ModelTooLargeError(
    `model ${ctx.repo} is larger than ${mb} MB (reached at ${name}): raise COGNATE_MAX_MODEL_MB if it is the model you want, or pick a smaller one`,
  );
}

/** The error for an endpoint that does not answer, with the three ways out. */
export function unreachable(endpoint: string, cause: unknown): Error {
  const why = cause instanceof Error ? ((cause.cause as Error | undefined)?.message ?? cause.message) : String(cause);
  return new Error(
    `cannot reach ${endpoint} (${why}): set HF_ENDPOINT to a mirror, or copy the model folder in and use dir:PATH, or use scratch`,
    { cause },
  );
}

function timeoutSignal(ctx: FetchContext): { signal: AbortSignal; reset: () => void; clear: () => void } {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const reset = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new Error(`no answer for ${ctx.timeoutMs} ms`)), ctx.timeoutMs);
  };
  reset();
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, controller.signal]) : controller.signal;
  return { signal, reset, clear: () => clearTimeout(timer) };
}

/**
 * GET that follows redirects by hand, because the Hub puts the LFS sha256 (`x-linked-etag`) on the
 * redirect, not on the CDN's answer. Returns the final response and the first 64-hex etag seen.
 */
async function fetchFollowing(
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  ctx: FetchContext,
): Promise<{ res: Response; sha256?: string }> {
  let sha256: string | undefined;
  for (let hop = 0; hop < 6; hop++) {
    let res: Response;
    try {
      res = await fetch(url, { headers, signal, redirect: "manual" });
    } catch (err) {
      if (ctx.signal?.aborted) throw ctx.signal.reason ?? err;
      throw unreachable(ctx.endpoint, err);
    }
    sha256 ??= sha256Etag(res.headers);
    const location = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel();
      const next = new URL(location, url);
      const hosts = ctx.redirectHosts ?? hubRedirectHosts(ctx.endpoint);
      if (!redirectAllowed(next, ctx.endpoint, hosts)) {
        throw new Error(
          `${ctx.endpoint} redirected a download of ${ctx.repo} to ${next.protocol}//${next.host}, which is not the endpoint nor a known hub CDN: if that host belongs to your mirror, add it to COGNATE_HUB_REDIRECT_HOSTS`,
        );
      }
      url = next.toString();
      continue;
    }
    return { res, sha256 };
  }
  throw new Error(`too many redirects fetching ${url}: check HF_ENDPOINT`);
}

function sha256Etag(headers: Headers): string | undefined {
  for (const name of ["x-linked-etag", "etag"]) {
    const v = headers.get(name)?.replace(/^W\//, "").replace(/"/g, "").trim().toLowerCase();
    if (v && /^[0-9a-f]{64}$/.test(v)) return v;
  }
  return undefined;
}

/**
 * Resolves a revision (branch, tag or sha) to a commit sha with `GET /api/models/{repo}/revision/{rev}`.
 * Mirrors without that API answer 404: the revision is then used as if pinned.
 */
export async function resolveRevision(revision: string, ctx: FetchContext): Promise<string> {
  const url = `${ctx.endpoint}/api/models/${ctx.repo}/revision/${encodeURIComponent(revision)}`;
  const t = timeoutSignal(ctx);
  try {
    const { res } = await fetchFollowing(url, { accept: "application/json" }, t.signal, ctx);
    if (res.status === 401 || res.status === 403)
      throw new Error(
        `model ${ctx.repo} not found at ${ctx.endpoint}: check the id (private and gated models are not downloaded; copy such a folder in and use dir:PATH)`,
      );
    if (!res.ok) {
      await res.body?.cancel();
      return revision;
    }
    const body = (await res.json()) as { sha?: unknown };
    return typeof body.sha === "string" && body.sha ? body.sha : revision;
  } catch (err) {
    if (t.signal.aborted && !ctx.signal?.aborted) throw unreachable(ctx.endpoint, t.signal.reason);
    throw err;
  } finally {
    t.clear();
  }
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

function totalFrom(res: Response, offset: number): number {
  const range = res.headers.get("content-range")?.match(/\/(\d+)\s*$/);
  if (range) return Number(range[1]);
  const len = Number(res.headers.get("content-length") ?? NaN);
  return Number.isFinite(len) ? len + (res.status === 206 ? offset : 0) : 0;
}

/** Streams the body into `part` (appending when resuming), reporting progress at most every 200 ms. */
async function writeBody(
  res: Response,
  part: string,
  append: boolean,
  start: number,
  total: number,
  name: string,
  ctx: FetchContext,
  reset: () => void,
): Promise<number> {
  const fh = await open(part, append ? "a" : "w");
  let bytes = start;
  const began = Date.now();
  let lastReport = 0;
  const report = () => {
    const elapsed = (Date.now() - began) / 1000;
    const rate = elapsed > 0 ? (bytes - start) / elapsed : 0;
    const eta = rate > 0 && total > 0 ? (total - bytes) / rate : Infinity;
    ctx.onProgress?.({ file: name, bytes, totalBytes: total, bytesPerSecond: rate, etaSeconds: eta });
  };
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      reset();
      if (ctx.budget && ctx.budget.used + bytes + chunk.byteLength > ctx.budget.max) throw tooLarge(ctx, name);
      await fh.write(chunk);
      bytes += chunk.byteLength;
      if (Date.now() - lastReport > 200) {
        lastReport = Date.now();
        report();
      }
    }
  } finally {
    await fh.close();
  }
  report();
  return bytes;
}

/**
 * Downloads `{endpoint}/{repo}/resolve/{sha}/{name}` into `destDir/name`, resuming from `name.part`
 * with a Range header. Checks the size against Content-Length and, when the server gives a 64-hex
 * etag, the sha256. Returns false when the file does not exist on the server (404).
 */
export async function downloadFile(name: string, sha: string, destDir: string, ctx: FetchContext): Promise<boolean> {
  const dest = path.join(destDir, name);
  if (existsSync(dest)) {
    // Finished by an earlier, interrupted run: it still counts toward the model's size.
    if (ctx.budget) ctx.budget.used += (await stat(dest)).size;
    if (ctx.budget && ctx.budget.used > ctx.budget.max) throw tooLarge(ctx, name);
    return true;
  }
  await mkdir(path.dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  const offset = existsSync(part) ? (await stat(part)).size : 0;
  const url = `${ctx.endpoint}/${ctx.repo}/resolve/${encodeURIComponent(sha)}/${name}`;
  const t = timeoutSignal(ctx);
  try {
    const { res, sha256 } = await fetchFollowing(url, offset > 0 ? { range: `bytes=${offset}-` } : {}, t.signal, ctx);
    if (res.status === 404) {
      await res.body?.cancel();
      return false;
    }
    if (res.status === 416) {
      // The part file is no prefix of what the server has now: start over.
      await res.body?.cancel();
      await rm(part, { force: true });
      return downloadFile(name, sha, destDir, ctx);
    }
    if (!res.ok || !res.body)
      throw new Error(
        `downloading ${name} of ${ctx.repo} from ${ctx.endpoint} failed with HTTP ${res.status}: try again later or set HF_ENDPOINT to a mirror`,
      );
    const resumed = res.status === 206 && offset > 0;
    const total = totalFrom(res, offset);
    if (ctx.budget && total > 0 && ctx.budget.used + total > ctx.budget.max) {
      // Known too large from the headers: nothing is written.
      await res.body.cancel();
      throw tooLarge(ctx, name);
    }
    let bytes: number;
    try {
      bytes = await writeBody(res, part, resumed, resumed ? offset : 0, total, name, ctx, t.reset);
    } catch (err) {
      if (err instanceof ModelTooLargeError) {
        await rm(part, { force: true });
        throw err;
      }
      if (ctx.signal?.aborted) throw ctx.signal.reason ?? err;
      throw new Error(`download of ${name} was interrupted (${(err as Error).message}): run again to resume it`, {
        cause: err,
      });
    }
    await verify(part, name, bytes, total, sha256);
    await rename(part, dest);
    if (ctx.budget) ctx.budget.used += bytes;
    return true;
  } catch (err) {
    if (
      t.signal.aborted &&
      !ctx.signal?.aborted &&
      !(err as Error).message?.startsWith("download of") &&
      !(err instanceof ModelTooLargeError)
    )
      throw unreachable(ctx.endpoint, t.signal.reason);
    throw err;
  } finally {
    t.clear();
  }
}

async function verify(
  part: string,
  name: string,
  bytes: number,
  total: number,
  sha256: string | undefined,
): Promise<void> {
  if (total > 0 && bytes !== total) {
    if (bytes > total) await rm(part, { force: true });
    throw new Error(`download of ${name} was interrupted at ${bytes} of ${total} bytes: run again to resume it`);
  }
  if (sha256) {
    const got = await hashFile(part);
    if (got !== sha256) {
      await rm(part, { force: true });
      throw new Error(
        `download of ${name} is corrupt (sha256 ${got}, expected ${sha256}): it was deleted; run again to download it anew`,
      );
    }
  }
}
