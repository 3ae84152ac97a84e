import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { IndexCache } from "@/lib/index/index-cache";
import { IndexLoadError } from "@/lib/index/index-load-error";
import type { IndexKey } from "@/lib/index/index-manifest";
import { loadIndex, saveIndex } from "@/lib/index/index-store";
import { DIM, QUERIES, sampleIndex, tempIndexDir } from "@/tests/integration/index/index-fixtures";

let tmp: ReturnType<typeof tempIndexDir>;
beforeEach(() => {
  tmp = tempIndexDir();
});
afterEach(() => tmp.cleanup());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const key = (modelVersionId: number): IndexKey => ({ corpusId: 1, modelVersionId });

/** A loader that counts its calls and takes at least `delayMs`, to hold a swap open. */
function slowLoader(delayMs: number) {
  const calls: IndexKey[] = [];
  const load = async (folder: string, k: IndexKey) => {
    calls.push(k);
    const [loaded] = await Promise.all([loadIndex(folder, { expect: k }), sleep(delayMs)]);
    return loaded;
  };
  return { calls, load };
}

describe("IndexCache", () => {
  it("loads lazily, once, however many searches ask at the same time", async () => {
    await saveIndex(tmp.dir, key(7), sampleIndex(500, 1));
    const { calls, load } = slowLoader(20);
    const cache = new IndexCache({ indexDir: tmp.dir, load });
    expect(cache.current(1)).toBeUndefined();
    const entries = await Promise.all([cache.serving(1, 7), cache.serving(1, 7), cache.serving(1, 7)]);
    expect(calls).toHaveLength(1);
    expect(new Set(entries).size).toBe(1);
    expect(entries[0].key).toEqual(key(7));
    expect(entries[0].index.size).toBe(500);
  });

  it("keeps answering from the old model version until the new one is completely loaded", async () => {
    await saveIndex(tmp.dir, key(7), sampleIndex(2000, 1));
    await saveIndex(tmp.dir, key(8), sampleIndex(3000, 2));
    const { load } = slowLoader(150);
    const cache = new IndexCache({ indexDir: tmp.dir, load });
    await cache.serving(1, 7);

    // Four clients search while the load reads on a libuv thread, until version 8 serves.
    const client = async () => {
      const seen: number[] = [];
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const entry = await cache.serving(1, 8);
        expect(entry.index.search(QUERIES.subarray(0, DIM), 10)).toHaveLength(10);
        seen.push(entry.key.modelVersionId);
        if (entry.key.modelVersionId === 8 && seen.length > 20) break;
        await sleep(1);
      }
      return seen;
    };
    for (const seen of await Promise.all([client(), client(), client(), client()])) {
      const firstNew = seen.indexOf(8);
      expect(firstNew).toBeGreaterThan(5);
      expect(seen.slice(0, firstNew).every((v) => v === 7)).toBe(true);
      expect(seen.slice(firstNew).every((v) => v === 8)).toBe(true);
    }
    expect(cache.current(1)?.index.size).toBe(3000);
  });

  it("picks up a newer save of the version it serves, and searches never fail meanwhile", async () => {
    await saveIndex(tmp.dir, key(7), sampleIndex(1000, 1));
    let clock = 0;
    const { calls, load } = slowLoader(30);
    const cache = new IndexCache({ indexDir: tmp.dir, load, checkEveryMs: 100, now: () => clock });
    const first = await cache.serving(1, 7);
    await saveIndex(tmp.dir, key(7), sampleIndex(1500, 2));

    // Within checkEveryMs nothing is re-read.
    expect(await cache.serving(1, 7)).toBe(first);
    clock = 1000;
    for (let i = 0; i < 200 && cache.current(1) === first; i++) {
      const entry = await cache.serving(1, 7);
      expect(entry.index.search(QUERIES.subarray(0, DIM), 5)).toHaveLength(5);
      await sleep(2);
    }
    expect(cache.current(1)?.index.size).toBe(1500);
    expect(calls).toHaveLength(2);
    expect(await cache.preload(key(7))).toBe(cache.current(1));
  });

  it("keeps the old index serving when the new one is broken, reports it and retries only later", async () => {
    await saveIndex(tmp.dir, key(7), sampleIndex(500, 1));
    let clock = 0;
    const onError = vi.fn();
    const { calls, load } = slowLoader(0);
    const cache = new IndexCache({ indexDir: tmp.dir, load, onError, checkEveryMs: 1000, now: () => clock });
    const old = await cache.serving(1, 7);
    // Version 9 has no index yet.
    expect(await cache.serving(1, 9)).toBe(old);
    await sleep(20);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0][0]).toBeInstanceOf(IndexLoadError);
    expect(await cache.serving(1, 9)).toBe(old);
    expect(calls).toHaveLength(2);
    clock = 2000;
    await saveIndex(tmp.dir, key(9), sampleIndex(600, 3));
    await cache.serving(1, 9);
    await sleep(20);
    expect((await cache.serving(1, 9)).key).toEqual(key(9));
  });

  it("drops a pending swap when the serving version is asked for again (a rolled-back promotion)", async () => {
    await saveIndex(tmp.dir, key(7), sampleIndex(300, 1));
    await saveIndex(tmp.dir, key(8), sampleIndex(400, 2));
    const { load } = slowLoader(50);
    const cache = new IndexCache({ indexDir: tmp.dir, load });
    const old = await cache.serving(1, 7);
    expect(await cache.serving(1, 8)).toBe(old);
    expect(await cache.serving(1, 7)).toBe(old);
    await sleep(150);
    expect(cache.current(1)).toBe(old);
  });

  it("throws a clear error when a corpus has no index at all", async () => {
    const cache = new IndexCache({ indexDir: tmp.dir });
    await expect(cache.serving(5, 1)).rejects.toThrow(/No index in .*run the index job/);
  });
});
