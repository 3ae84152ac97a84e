import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { formatBytes } from "@/lib/core/format-bytes";
import { IngestError } from "@/lib/ingest/ingest-error";
import { parseFile } from "@/lib/ingest/formats/parse-file";
import { type ParsedDocument, type ParseOptions } from "@/lib/ingest/formats/parse-options";

/** Time and memory one file may take to parse. */
export interface ParseBudget {
  /** Wall-clock limit in ms. */
  timeMs: number;
  /** Heap limit of the parsing thread in MB (its old generation). */
  memoryMb: number;
}

/** What a parsing worker thread posts back. */
export type ParseReply =
  | { ok: true; count: number; documents?: ParsedDocument[] }
  | { ok: false; ingest: { file: string; message: string; line?: number } }
  | { ok: false; error: string };

/** How to parse one upload off the event loop. */
export interface OffThreadOptions {
  /** Default: {@link parseBudget} of the file's size. */
  budget?: ParseBudget;
  /** Files up to this size are parsed on the calling thread (every parser is linear: a few ms). */
  inlineBytes?: number;
}

/** Files up to 256 KiB parse in a few milliseconds: not worth a thread's start (about 0.3 s). */
export const INLINE_PARSE_BYTES = 256 * 1024;
/** Parsing threads running at once in one process; more uploads wait their turn. */
const MAX_THREADS = 2;
const MIB = 1024 * 1024;

/**
 * The budget of a file: 10 s plus 2 s per MiB, and 256 MB plus 24 MB per MiB of heap (parsed
 * documents of a CSV take about 10 times the file). Every parser is linear, so a file that
 * needs more is hostile or broken, not big.
 */
export function parseBudget(byteLength: number): ParseBudget {
  const mib = byteLength / MIB;
  return { timeMs: Math.round(10_000 + 2_000 * mib), memoryMb: Math.round(256 + 24 * mib) };
}

/**
 * parseFile in a worker thread with a time and memory budget, so that a large or hostile
 * upload never holds the event loop (web requests, job heartbeats) and cannot take the process
 * down. Small files are parsed in place.
 * @throws IngestError as parseFile does, and naming the file and the limit when it is over budget
 */
export async function parseFileOffThread(
  bytes: Uint8Array,
  options: ParseOptions,
  opts: OffThreadOptions = {},
): Promise<ParsedDocument[]> {
  if (bytes.byteLength <= (opts.inlineBytes ?? INLINE_PARSE_BYTES)) return parseFile(bytes, options);
  return (await runInThread(bytes, options, false, opts.budget ?? parseBudget(bytes.byteLength))).documents!;
}

/**
 * Validates a whole upload like {@link parseFileOffThread} and returns how many documents it
 * holds, without sending the documents back across threads.
 */
export async function countDocumentsOffThread(
  bytes: Uint8Array,
  options: ParseOptions,
  opts: OffThreadOptions = {},
): Promise<number> {
  if (bytes.byteLength <= (opts.inlineBytes ?? INLINE_PARSE_BYTES)) return parseFile(bytes, options).length;
  return (await runInThread(bytes, options, true, opts.budget ?? parseBudget(bytes.byteLength))).count;
}

let running = 0;
const waiting: (() => void)[] = [];

async function runInThread(
  bytes: Uint8Array,
  options: ParseOptions,
  countOnly: boolean,
  budget: ParseBudget,
): Promise<{ count: number; documents?: ParsedDocument[] }> {
  const files = workerFiles();
  if (!files) return fallbackInline(bytes, options);
  if (running >= MAX_THREADS) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await parseInThread(files, bytes, options, countOnly, budget);
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function parseInThread(
  files: WorkerFiles,
  bytes: Uint8Array,
  options: ParseOptions,
  countOnly: boolean,
  budget: ParseBudget,
) {
  const { fileName } = options;
  return new Promise<{ count: number; documents?: ParsedDocument[] }>((resolve, reject) => {
    const worker = new Worker(files.entry, {
      workerData: { module: files.body, bytes, options, countOnly },
      resourceLimits: { maxOldGenerationSizeMb: budget.memoryMb, maxYoungGenerationSizeMb: 64 },
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      fn();
    };
    const timer = setTimeout(
      () => settle(() => reject(overBudget(fileName, bytes, `took longer than the ${budget.timeMs / 1000} s`))),
      budget.timeMs,
    );
    worker.once("message", (reply: ParseReply) =>
      settle(() => (reply.ok ? resolve(reply) : reject(replyError(reply)))),
    );
    worker.once("error", (err: Error & { code?: string }) => {
      const oom = err.code === "ERR_WORKER_OUT_OF_MEMORY";
      settle(() =>
        reject(
          oom
            ? overBudget(fileName, bytes, `needed more than the ${budget.memoryMb} MB of memory`)
            : new Error(`parsing ${fileName} failed: ${err.message}`, { cause: err }),
        ),
      );
    });
    worker.once("exit", (code) =>
      settle(() => reject(new Error(`the thread parsing ${fileName} stopped (exit code ${code}) without an answer`))),
    );
  });
}

function overBudget(fileName: string, bytes: Uint8Array, what: string): IngestError {
  return new IngestError(
    fileName,
    `reading the file ${what} allowed for a file of ${formatBytes(bytes.byteLength)}; split it into smaller files or simplify its markup`,
  );
}

function replyError(reply: Exclude<ParseReply, { ok: true }>): Error {
  if ("error" in reply) return new Error(reply.error);
  const err = new IngestError(reply.ingest.file, "", reply.ingest.line);
  err.message = reply.ingest.message;
  return err;
}

interface WorkerFiles {
  entry: string;
  body: string;
}

let located: WorkerFiles | null | undefined;

/**
 * The entry and body files of the parsing thread. They are loaded from the source tree (tsx
 * compiles them), beside this module, or under the working folder when this module runs bundled.
 */
function workerFiles(): WorkerFiles | null {
  if (located !== undefined) return located;
  const dirs = [path.join(process.cwd(), "lib", "ingest")];
  if (import.meta.url.startsWith("file:")) dirs.unshift(path.dirname(fileURLToPath(import.meta.url)));
  const dir = dirs.find(
    (d) => fs.existsSync(path.join(d, "parse-worker.ts")) && fs.existsSync(path.join(d, "ts-worker-entry.mjs")),
  );
  located = dir ? { entry: path.join(dir, "ts-worker-entry.mjs"), body: path.join(dir, "parse-worker.ts") } : null;
  return located;
}

let warned = false;

function fallbackInline(bytes: Uint8Array, options: ParseOptions): { count: number; documents: ParsedDocument[] } {
  if (!warned) {
    warned = true;
    console.warn("parse-off-thread: lib/ingest/parse-worker.ts was not found; parsing uploads on the main thread");
  }
  const documents = parseFile(bytes, options);
  return { count: documents.length, documents };
}
