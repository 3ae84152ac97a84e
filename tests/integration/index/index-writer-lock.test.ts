import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { indexFolder } from "@/lib/index/index-manifest";
import { loadIndex, saveIndex } from "@/lib/index/index-store";
import { IndexWriterLock, IndexWriterLockError, WRITER_LOCK_FILE } from "@/lib/index/index-writer-lock";
import { answers, sampleIndex, tempIndexDir } from "@/tests/integration/index/index-fixtures";

let tmp: ReturnType<typeof tempIndexDir>;
let folder: string;
const key = { corpusId: 1, modelVersionId: 2 };
beforeEach(() => {
  tmp = tempIndexDir();
  folder = indexFolder(tmp.dir, key);
  fs.mkdirSync(folder, { recursive: true });
});
afterEach(() => tmp.cleanup());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const lockFile = () => path.join(folder, WRITER_LOCK_FILE);
const writeLock = (fields: Record<string, unknown>) =>
  fs.writeFileSync(
    lockFile(),
    JSON.stringify({ owner: "other", host: os.hostname(), pid: process.pid, token: "t", ...fields }),
  );

describe("one writer per index folder", () => {
  it("a second writer waits for the first to release the lock", async () => {
    const first = await IndexWriterLock.acquire(folder, { owner: "job 1 attempt 1" });
    const order: string[] = [];
    const second = IndexWriterLock.acquire(folder, { owner: "job 1 attempt 2" }).then((lock) => {
      order.push("second has it");
      return lock;
    });
    await sleep(300);
    order.push("first releases");
    await first.release();
    const lock = await second;
    expect(order).toEqual(["first releases", "second has it"]);
    expect(JSON.parse(fs.readFileSync(lockFile(), "utf8")).owner).toBe("job 1 attempt 2");
    await lock.release();
    expect(fs.existsSync(lockFile())).toBe(false);
  });

  it("a save waits while another live writer holds the folder, and gives up with a clear error", async () => {
    writeLock({ expiresAt: Date.now() + 60_000 });
    await expect(saveIndex(tmp.dir, key, sampleIndex(50, 1), { lock: { waitMs: 300 } })).rejects.toThrow(
      /is being written by other; wait for its job to end/,
    );
    expect(fs.readdirSync(folder)).toEqual([WRITER_LOCK_FILE]);
  });

  it("an expired lock, or one whose process is gone, is taken over at once", async () => {
    writeLock({ expiresAt: Date.now() - 1 });
    await saveIndex(tmp.dir, key, sampleIndex(50, 1), { lock: { waitMs: 0 } });
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString();
    writeLock({ pid: Number(dead), expiresAt: Date.now() + 60_000 });
    await saveIndex(tmp.dir, key, sampleIndex(60, 2), { lock: { waitMs: 0 } });
    expect((await loadIndex(folder, { expect: key })).index.size).toBe(60);
    expect(fs.existsSync(lockFile())).toBe(false);
  });

  it("a writer that held the lock past its TTL and was taken over renames nothing into place", async () => {
    await saveIndex(tmp.dir, key, sampleIndex(50, 1));
    const before = answers((await loadIndex(folder)).index);
    const stalled = saveIndex(tmp.dir, key, sampleIndex(80, 3), {
      lock: { ttlMs: 100, owner: "stalled runner" },
      // The first runner stalls after writing its file, past its lock's TTL; a second runner takes over.
      onStep: async (step) => {
        if (step !== "index-written") return;
        await sleep(200);
        const second = await IndexWriterLock.acquire(folder, { owner: "second runner", waitMs: 0 });
        await sleep(50);
        await second.release();
      },
    });
    await expect(stalled).rejects.toThrow(IndexWriterLockError);
    await expect(stalled).rejects.toThrow(/lost the writer lock/);
    expect(answers((await loadIndex(folder)).index)).toBe(before);
    expect(fs.readdirSync(folder).filter((f) => f.endsWith(".bin"))).toHaveLength(1);
  });

  it("a save whose job lease is lost (its signal aborted) renames nothing into place and frees the folder", async () => {
    await saveIndex(tmp.dir, key, sampleIndex(50, 1));
    const before = answers((await loadIndex(folder)).index);
    const lease = new AbortController();
    const saving = saveIndex(tmp.dir, key, sampleIndex(80, 3), {
      signal: lease.signal,
      onStep: (step) => {
        if (step === "index-written") lease.abort(new Error("job stopped: lost"));
      },
    });
    await expect(saving).rejects.toThrow("job stopped: lost");
    expect(answers((await loadIndex(folder)).index)).toBe(before);
    expect(fs.existsSync(lockFile())).toBe(false);
  });
});
