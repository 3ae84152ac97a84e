import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { isErrno } from "@/lib/core/durable-file";
import { throwIfAborted } from "@/lib/core/cooperative";
import { processAlive } from "@/lib/core/process-alive";

/** The lock's fixed name in an index folder. */
export const WRITER_LOCK_FILE = "writer.lock";

/** Options of {@link IndexWriterLock.acquire}. */
export interface WriterLockOptions {
  /** Who writes, for the error messages and the file (a job's lease owner, say). Default host:pid. */
  owner?: string;
  /** How long the lock holds without renewal, in ms; match the job lease. Default 60 s. */
  ttlMs?: number;
  /** Longest wait for another writer, in ms. Default the TTL plus 10 s (long enough for any lock to expire). */
  waitMs?: number;
  /** Stops the wait (a cancelled job, a lost lease). */
  signal?: AbortSignal;
}

const lockSchema = z.object({
  owner: z.string(),
  host: z.string(),
  pid: z.number().int(),
  token: z.string(),
  expiresAt: z.number(),
});
type LockContent = z.infer<typeof lockSchema>;

/** Thrown when a writer finds its lock taken over (it held it past its TTL) or cannot get it in time. */
export class IndexWriterLockError extends Error {}

const DEFAULT_TTL_MS = 60_000;
const POLL_MS = 100;
/** A writer fills its lock file right after creating it: one still unreadable after this died doing so. */
const HALF_WRITTEN_MS = 5_000;

/** A lock is free to take when it expired, or when its process on this host is gone (`kill -9`). */
function isStale(lock: LockContent, now: number): boolean {
  if (lock.expiresAt < now) return true;
  return lock.host === os.hostname() && lock.pid !== process.pid && !processAlive(lock.pid);
}

async function readLock(file: string): Promise<LockContent | null | "unreadable"> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (err) {
    if (isErrno(err, "ENOENT")) return null;
    throw err;
  }
  try {
    const parsed = lockSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : "unreadable";
  } catch {
    return "unreadable";
  }
}

/**
 * One writer per index folder: a lock file (`writer.lock`) naming its owner and an expiry,
 * created with O_EXCL, taken over only once it expired or its process on this host is gone. A
 * holder renews it at each step of a save ({@link confirm}), which also throws when the lock
 * was taken over meanwhile (the holder stalled past its TTL), so a stale writer stops before it
 * renames anything into place. Together with the job's lease (checked through the job's signal
 * before each rename) this keeps a second runner of the same job from writing the folder while
 * the first still does.
 */
export class IndexWriterLock {
  private constructor(
    private readonly file: string,
    private readonly content: LockContent,
    private readonly ttlMs: number,
  ) {}

  /**
   * Waits until the folder's lock is free (or stale) and takes it.
   * @throws IndexWriterLockError when another writer holds it for longer than `waitMs`
   */
  static async acquire(folder: string, options: WriterLockOptions = {}): Promise<IndexWriterLock> {
    const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    const deadline = Date.now() + (options.waitMs ?? ttlMs + 10_000);
    const file = path.join(folder, WRITER_LOCK_FILE);
    const base = { owner: options.owner ?? `${os.hostname()}:${process.pid}`, host: os.hostname(), pid: process.pid };
    for (;;) {
      throwIfAborted(options.signal);
      const content = { ...base, token: randomUUID(), expiresAt: Date.now() + ttlMs };
      if (await createExclusive(file, content)) return new IndexWriterLock(file, content, ttlMs);
      const held = await readLock(file);
      if (held === "unreadable" ? await leftHalfWritten(file) : held !== null && isStale(held, Date.now())) {
        await takeAside(file, held === "unreadable" || held === null ? null : held.token);
        continue;
      }
      if (Date.now() > deadline)
        throw new IndexWriterLockError(
          `the index folder ${folder} is being written by ${held && held !== "unreadable" ? held.owner : "another writer"}; wait for its job to end (or remove ${WRITER_LOCK_FILE} there if no job is running)`,
        );
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** Who holds it. */
  get owner(): string {
    return this.content.owner;
  }

  /**
   * Checks that the lock is still this writer's and extends it by the TTL.
   * @throws IndexWriterLockError when it expired or was taken over
   */
  async confirm(): Promise<void> {
    const held = await readLock(this.file);
    const now = Date.now();
    if (!held || held === "unreadable" || held.token !== this.content.token || held.expiresAt < now)
      throw new IndexWriterLockError(
        `lost the writer lock of ${path.dirname(this.file)} (held past its ${this.ttlMs / 1000} s without renewal); another writer may have taken over, so this save stops`,
      );
    this.content.expiresAt = now + this.ttlMs;
    const temp = `${this.file}.tmp-${this.content.token}`;
    await fs.writeFile(temp, JSON.stringify(this.content));
    await fs.rename(temp, this.file);
  }

  /** Removes the lock if it is still this writer's. */
  async release(): Promise<void> {
    const held = await readLock(this.file).catch(() => null);
    if (held && held !== "unreadable" && held.token === this.content.token) await fs.rm(this.file, { force: true });
  }
}

/** A lock file left empty or cut short by a writer that died between creating and writing it. */
async function leftHalfWritten(file: string): Promise<boolean> {
  try {
    return Date.now() - (await fs.stat(file)).mtimeMs > HALF_WRITTEN_MS;
  } catch {
    return false;
  }
}

async function createExclusive(file: string, content: LockContent): Promise<boolean> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, "wx");
  } catch (err) {
    if (isErrno(err, "EEXIST")) return false;
    throw err;
  }
  try {
    await handle.writeFile(JSON.stringify(content));
  } finally {
    await handle.close();
  }
  return true;
}

/**
 * Removes a stale lock: moved aside first, so that of two writers taking over the same stale
 * lock only one removes it; a fresh lock moved aside by mistake (taken in between) is put back.
 */
async function takeAside(file: string, staleToken: string | null): Promise<void> {
  const aside = `${file}.tmp-stale-${randomUUID()}`;
  try {
    await fs.rename(file, aside);
  } catch (err) {
    if (isErrno(err, "ENOENT")) return;
    throw err;
  }
  const moved = await readLock(aside);
  const fresh = moved && (moved === "unreadable" ? !(await leftHalfWritten(aside)) : moved.token !== staleToken);
  if (fresh) await fs.link(aside, file).catch(() => {});
  await fs.rm(aside, { force: true });
}
