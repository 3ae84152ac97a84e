import { describe, expect, it } from "vitest";
import { lengthBatches } from "@/lib/model/embed/length-batches";

const padding = (lengths: number[], [start, end]: [number, number]) => {
  const rows = lengths.slice(start, end);
  const padded = rows.length * Math.max(...rows);
  return (padded - rows.reduce((a, b) => a + b, 0)) / padded;
};

describe("lengthBatches", () => {
  it("covers every row once, in order, with at most maxRows a batch", () => {
    const lengths = Array.from({ length: 100 }, () => 12);
    const batches = lengthBatches(lengths, { maxRows: 32 });
    expect(batches).toEqual([
      [0, 32],
      [32, 64],
      [64, 96],
      [96, 100],
    ]);
  });

  it("cuts a batch of 16…32-token rows where padding would pass a tenth, saving about a fifth of the tokens", () => {
    const lengths = Array.from({ length: 64 }, (_, b) => 16 + Math.round((16 * b) / 63));
    const batches = lengthBatches(lengths, { maxRows: 64 });
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.flatMap(([s, e]) => Array.from({ length: e - s }, (_, i) => s + i))).toEqual(
      lengths.map((_, i) => i),
    );
    for (const b of batches) expect(padding(lengths, b)).toBeLessThanOrEqual(0.1);
    const tokens = batches.reduce((sum, [s, e]) => sum + (e - s) * lengths[e - 1], 0);
    expect(tokens / (64 * 32)).toBeLessThan(0.85);
  });

  it("keeps at least minRows in a batch before cutting, however uneven the lengths", () => {
    const lengths = [2, 3, 5, 8, 13, 21, 34, 55, 89, 144];
    const batches = lengthBatches(lengths, { maxRows: 64, minRows: 4 });
    expect(batches[0]).toEqual([0, 4]);
    for (const [s, e] of batches.slice(0, -1)) expect(e - s).toBeGreaterThanOrEqual(4);
    expect(lengthBatches(lengths, { maxRows: 64, minRows: 100 })).toEqual([[0, 10]]);
  });

  it("returns no batch for no rows and refuses a batch size below 1", () => {
    expect(lengthBatches([], { maxRows: 8 })).toEqual([]);
    expect(() => lengthBatches([3], { maxRows: 0 })).toThrow(/at least 1/);
  });
});
