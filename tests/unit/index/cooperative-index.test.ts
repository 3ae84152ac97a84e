import { describe, expect, it } from "vitest";
import { randomUnitVectors } from "@/lib/index/random-unit-vectors";
import { tuneSearch, tuneSearchAsync } from "@/lib/index/search-tuner";
import { VectorIndex } from "@/lib/index/vector-index";

const dim = 32;
const n = 3000;

function build(seed: number): VectorIndex {
  const index = VectorIndex.create({ dim, maxElements: n, M: 8, efConstruction: 60, ef: 10 });
  index.add(
    Array.from({ length: n }, (_, i) => i + 1),
    randomUnitVectors(n, dim, seed),
  );
  return index;
}

/** Counts turns of the event loop (setImmediate callbacks) until `stop()`. */
function countTurns(): { stop: () => number } {
  let turns = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  return {
    stop: () => {
      running = false;
      return turns;
    },
  };
}

describe("cooperative index work", () => {
  it("compactAsync lets the event loop turn while it rebuilds, and gives the same index as compact", async () => {
    const [a, b] = [build(1), build(1)];
    const gone = Array.from({ length: 1000 }, (_, i) => i + 1);
    a.markDeleted(gone);
    b.markDeleted(gone);
    const turns = countTurns();
    const dropped = await a.compactAsync({ sliceMs: 1 });
    expect(turns.stop()).toBeGreaterThan(1);
    expect(dropped).toBe(b.compact());
    expect(a.ids()).toEqual(b.ids());
    expect(a.deletedCount).toBe(0);
    const q = randomUnitVectors(1, dim, 9);
    expect(a.search(q, 10)).toEqual(b.search(q, 10));
  });

  it("compactAsync stops when its signal aborts and leaves the index as it was; mutations wait for it", async () => {
    const index = build(2);
    index.markDeleted([1, 2, 3]);
    const stop = new AbortController();
    const running = index.compactAsync({ signal: stop.signal, sliceMs: 1 });
    expect(() => index.markDeleted([4])).toThrow(/while compacting the index/);
    const q = randomUnitVectors(1, dim, 9);
    expect(index.search(q, 5)).toHaveLength(5);
    setImmediate(() => stop.abort(new Error("cancelled by the test")));
    await expect(running).rejects.toThrow("cancelled by the test");
    expect(index.deletedCount).toBe(3);
    expect(index.size).toBe(n - 3);
    expect(index.markDeleted([4])).toBe(1);
  });

  it("tuneSearchAsync turns the event loop between queries, stops on abort, and tunes as tuneSearch does", async () => {
    const index = build(3);
    const options = { target: 0.95, queries: 100, allowExact: false, allowQuantized: false };
    const turns = countTurns();
    const cooperative = await tuneSearchAsync(index, { ...options, sliceMs: 1 });
    expect(turns.stop()).toBeGreaterThan(1);
    const plain = tuneSearch(index, options);
    expect({ ef: cooperative.ef, recall: cooperative.recall, mode: cooperative.mode }).toEqual({
      ef: plain.ef,
      recall: plain.recall,
      mode: plain.mode,
    });
    const stop = new AbortController();
    stop.abort(new Error("stopped early"));
    await expect(tuneSearchAsync(index, { ...options, signal: stop.signal, sliceMs: 0 })).rejects.toThrow(
      "stopped early",
    );
  });
});

describe("matrixOf", () => {
  it("copies the stored vectors of the ids asked for in slices, and names an id that is not there", async () => {
    const index = build(4);
    const ids = [5, 1, 3000];
    const matrix = await index.matrixOf(ids, { sliceMs: 0 });
    ids.forEach((id, i) => expect(matrix.subarray(i * dim, (i + 1) * dim)).toEqual(index.vector(id)));
    index.markDeleted([1]);
    await expect(index.matrixOf(ids)).rejects.toThrow(/id 1 is not in the index/);
  });
});
