import { readFileSync } from "node:fs";
import { open, readFile, rm, stat, utimes } from "node:fs/promises";
import os from "node:os";
import { processAlive } from "@/lib/core/process-alive";

/** A lock untouched for this long is taken over, whoever holds it (default of {@link withDownloadLock}). */
export const LOCK_STALE_MS = 3 * 60_000;

/** Who holds a lock: process, machine and boot, so that a PID from another machine or boot is not mistaken for ours. */
export interface LockOwner {
  pid: number;
  host: string;
  boot: string;
}

let bootId: string | undefined;

/** This machine's boot id (Linux), else the boot time to the minute: a restart changes it. */
function currentBoot(): string {
  if (bootId === undefined) {
    try {
      bootId = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    } catch {
      bootId = `up-${Math.round((Date.now() / 1000 - os.uptime()) / 60)}`;
    }
  }
  return bootId;
}

/** This process as a lock owner. */
export function selfOwner(): LockOwner {
  return { pid: process.pid, host: os.hostname(), boot: currentBoot() };
}

/** Reads a lock's owner; the old format (a bare PID) reads as an owner of unknown host. */
export function parseLockOwner(text: string): Partial<LockOwner> {
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>;
    if (owner && typeof owner === "object") return owner;
  } catch {
    // not JSON
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? { pid } : {};
}

/**
 * True when a lock may be taken over: untouched for `staleMs` (a holder touches it as its
 * download progresses), or held by a process of this machine and boot that is gone, or by a
 * previous boot of this machine (a restarted container reuses PIDs). A lock of another machine
 * (shared storage) is only ever stale by time.
 */
export function isStale(
  owner: Partial<LockOwner>,
  ageMs: number,
  staleMs: number,
  self: LockOwner = selfOwner(),
): boolean {
  if (ageMs > staleMs) return true;
  if (!owner.pid) return false; // being written just now
  if (owner.host !== undefined && owner.host !== self.host) return false;
  if (owner.boot !== undefined && owner.boot !== self.boot) return true;
  return !processAlive(owner.pid);
}

/** What the holder of a download lock can do. */
export interface HeldLock {
  /** Marks progress (at most every few seconds it touches the file), so others do not take the lock over. */
  touch(): void;
}

/**
 * Runs `fn` holding `lock` (a file naming its owner), so that two workers never write the same
 * partial folder. A live lock is waited for; a stale one ({@link isStale}) is taken over.
 */
export async function withDownloadLock<T>(
  lock: string,
  signal: AbortSignal | undefined,
  fn: (held: HeldLock) => Promise<T>,
  staleMs = LOCK_STALE_MS,
): Promise<T> {
  for (;;) {
    signal?.throwIfAborted();
    try {
      const fh = await open(lock, "wx");
      await fh.writeFile(JSON.stringify(selfOwner()));
      await fh.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const [text, info] = await Promise.all([
        readFile(lock, "utf8").catch(() => ""),
        stat(lock).catch(() => undefined),
      ]);
      if (info && isStale(parseLockOwner(text), Date.now() - info.mtimeMs, staleMs)) {
        // Remove it only if it is still the lock judged stale: another waiter may have taken it over meanwhile.
        const again = await stat(lock).catch(() => undefined);
        if (again && again.mtimeMs === info.mtimeMs && (await readFile(lock, "utf8").catch(() => "")) === text)
          await rm(lock, { force: true });
      } else await new Promise((r) => setTimeout(r, 500));
    }
  }
  let touchedAt = Date.now();
  const held: HeldLock = {
    touch() {
      const now = Date.now();
      if (now - touchedAt < Math.min(5_000, staleMs / 4)) return;
      touchedAt = now;
      utimes(lock, new Date(now), new Date(now)).catch(() => undefined);
    },
  };
  try {
    return await fn(held);
  } finally {
    await rm(lock, { force: true });
  }
}
