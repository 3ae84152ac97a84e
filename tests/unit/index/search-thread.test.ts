import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { structuredUnitVectors } from "@/lib/index/structured-unit-vectors";
import { OFF_THREAD_MIN_MS, VectorIndex } from "@/lib/index/vector-index";

const dim = 64;
const n = 6_000;
const vectors = structuredUnitVectors(n, dim, { seed: 11 });
const queries = structuredUnitVectors(24, dim, { seed: 12 });
const ids = Array.from({ length: n }, (_, i) => i + 1);
const query = (q: number) => queries.subarray(q * dim, (q + 1) * dim);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cognate-search-thread-"));
const file = path.join(dir, "index.bin");
const built = VectorIndex.create({ dim, maxElements: n, M: 8, efConstruction: 32, ef: 40 });
built.add(ids, vectors);
built.markDeleted([3, 5, 7]);
await built.writeFile(file);
const deletedIds = built.deletedIds();
const open: VectorIndex[] = [];
afterAll(async () => {
  await Promise.all(open.map((index) => index.releaseSearchThread()));
  fs.rmSync(dir, { recursive: true, force: true });
});

async function read(mode: "hnsw" | "exact", searchThread: "always" | "never" | "auto"): Promise<VectorIndex> {
  const index = await VectorIndex.readFile(file, dim, { ...built.params, mode }, deletedIds, { searchThread });
  open.push(index);
  return index;
}

describe("graph and exact searches in a search thread", () => {
  it("answer as the same index does on the event loop, one by one and in batches", async () => {
    for (const mode of ["hnsw", "exact"] as const) {
      const threaded = await read(mode, "always");
      const local = await read(mode, "never");
      expect(threaded.searchThreadChoice.offThread).toBe(true);
      expect(local.searchThreadChoice.offThread).toBe(false);
      // One at a time: each query is a batch of one.
      for (let q = 0; q < 3; q++) expect(await threaded.searchAsync(query(q), 10)).toEqual(local.search(query(q), 10));
      // Together: they go over in fewer messages than queries, and each answer is its own query's.
      const before = threaded.searchThreadStats!;
      const together = await Promise.all(range(24).map((q) => threaded.searchAsync(query(q), 10)));
      const after = threaded.searchThreadStats!;
      expect(after.queries - before.queries).toBe(24);
      expect(after.batches - before.batches).toBeLessThan(24);
      expect(after.largestBatch).toBeGreaterThan(1);
      together.forEach((hits, q) => expect(hits).toEqual(local.search(query(q), 10)));
      // Different k and ef in one batch; deleted ids never come back.
      const mixed = await Promise.all([
        threaded.searchAsync(query(0), 3, { ef: 80 }),
        threaded.searchAsync(query(1), 25),
      ]);
      expect(mixed[0]).toEqual(local.search(query(0), 3, { ef: 80 }));
      expect(mixed[1]).toEqual(local.search(query(1), 25));
      for (const hits of mixed) for (const hit of hits) expect(deletedIds).not.toContain(hit.id);
    }
  });

  it("leave the event loop free: work started after a search is in flight finishes first", async () => {
    const threaded = await read("exact", "always");
    const order: string[] = [];
    const search = threaded.searchAsync(query(4), 10).then(() => order.push("search"));
    const other = new Promise<void>((resolve) =>
      setImmediate(() => {
        order.push("other work");
        resolve();
      }),
    );
    await Promise.all([search, other]);
    expect(order).toEqual(["other work", "search"]);
    // On the event loop the same search holds it: it finishes before the other work can start.
    const local = await read("exact", "never");
    const order2: string[] = [];
    const search2 = local.searchAsync(query(4), 10).then(() => order2.push("search"));
    const other2 = new Promise<void>((resolve) => setImmediate(() => resolve(void order2.push("other work"))));
    await Promise.all([search2, other2]);
    expect(order2).toEqual(["search", "other work"]);
  });

  it("goes back to searching in-thread when the index changes or the thread stops", async () => {
    const threaded = await read("hnsw", "always");
    const pending = threaded.searchAsync(query(5), 10);
    await threaded.releaseSearchThread("test");
    // A search that was waiting for the stopped thread is answered here instead.
    expect(await pending).toEqual(threaded.search(query(5), 10));
    expect(threaded.searchThreadChoice).toMatchObject({ offThread: false, reason: "test" });

    const changed = await read("hnsw", "always");
    changed.add([n + 1], query(6));
    expect(changed.searchThreadChoice.offThread).toBe(false);
    const hits = await changed.searchAsync(query(6), 1);
    expect(hits[0].id).toBe(n + 1);
  });

  it("auto decides by a measured search cost, and a filter always searches in-thread", async () => {
    const auto = await read("hnsw", "auto");
    const choice = auto.searchThreadChoice;
    expect(choice.policy).toBe("auto");
    expect(Number.isFinite(choice.inThreadMs)).toBe(true);
    expect(choice.offThread).toBe(choice.inThreadMs! >= OFF_THREAD_MIN_MS);

    const threaded = await read("hnsw", "always");
    const filter = (id: number) => id % 2 === 0;
    const before = threaded.searchThreadStats!.queries;
    expect(await threaded.searchAsync(query(7), 10, { filter })).toEqual(threaded.search(query(7), 10, { filter }));
    expect(threaded.searchThreadStats!.queries).toBe(before);
  });
});

describe("a search thread and the process's life", () => {
  it("keeps the process alive while a batch is in flight, and not once it is idle", () => {
    // node --import tsx as in crash-during-save.test.ts; the timeout is only a guard against a hang.
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", path.join(import.meta.dirname, "search-thread-exit.child.ts"), dir],
      { encoding: "utf8", timeout: 60_000 },
    );
    expect(child.stderr).toBe("");
    expect(child.signal).toBeNull(); // not killed by the guard: it exited by itself
    expect(child.status).toBe(0);
    expect(child.stdout).toMatch(/^true \[\d+,\d+,\d+\]\n$/);
  });
});

function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}
