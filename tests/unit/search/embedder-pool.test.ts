import { describe, expect, it, vi } from "vitest";
import { EmbedderPool } from "@/lib/search/embedder-pool";
import type { OnnxEmbedder } from "@/lib/model/embed/onnx-embedder";

function fakeLoader(sizes: Record<string, number> = {}) {
  const made = new Map<string, { dir: string; dispose: ReturnType<typeof vi.fn> }>();
  const load = vi.fn(async (dir: string) => {
    const e = { dir, dispose: vi.fn(async () => undefined) };
    made.set(dir, e);
    return e as unknown as OnnxEmbedder;
  });
  const sizeOf = (e: OnnxEmbedder) => sizes[e.dir] ?? 100;
  return { made, load, sizeOf };
}

const settle = () => new Promise((r) => setTimeout(r, 5));

describe("EmbedderPool", () => {
  it("keeps at most maxModels, evicting the least recently used and releasing its session", async () => {
    const { made, load, sizeOf } = fakeLoader();
    const pool = new EmbedderPool(1, "auto", { maxModels: 2, disposeAfterMs: 0, load, sizeOf });
    await pool.get("a");
    await pool.get("b");
    await pool.get("a"); // a is now the most recent
    await pool.get("c");
    await settle();
    expect(pool.folders).toEqual(["a", "c"]);
    expect(made.get("b")!.dispose).toHaveBeenCalledOnce();
    expect(made.get("a")!.dispose).not.toHaveBeenCalled();
    // Loaded once each while kept; an evicted one is loaded again when asked for.
    await pool.get("a");
    expect(load.mock.calls.map((c) => c[0])).toEqual(["a", "b", "c"]);
    await pool.get("b");
    expect(load).toHaveBeenCalledTimes(4);
  });

  it("keeps the approximate bytes under maxBytes, but always the model in use", async () => {
    const { made, load, sizeOf } = fakeLoader({ big: 900, small1: 200, small2: 200, huge: 5000 });
    const pool = new EmbedderPool(1, "auto", { maxModels: 10, maxBytes: 1000, disposeAfterMs: 0, load, sizeOf });
    await pool.get("small1");
    await pool.get("small2");
    await pool.get("big");
    await settle();
    expect(pool.folders).toEqual(["big"]);
    expect(pool.bytes).toBeLessThanOrEqual(1000);
    await pool.get("huge");
    await settle();
    expect(pool.folders).toEqual(["huge"]);
    expect(made.get("big")!.dispose).toHaveBeenCalledOnce();
  });

  it("lets a query that holds an evicted model finish before releasing it", async () => {
    vi.useFakeTimers();
    try {
      const { made, load, sizeOf } = fakeLoader();
      const pool = new EmbedderPool(1, "auto", { maxModels: 1, disposeAfterMs: 60_000, load, sizeOf });
      await pool.get("a");
      await pool.get("b");
      await vi.advanceTimersByTimeAsync(59_000);
      expect(made.get("a")!.dispose).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(2_000);
      expect(made.get("a")!.dispose).toHaveBeenCalledOnce();
      await pool.dispose();
      expect(made.get("b")!.dispose).toHaveBeenCalledOnce();
    } finally {
      vi.useRealTimers();
    }
  });

  it("does not keep a failed load", async () => {
    let fail = true;
    const pool = new EmbedderPool(1, "auto", {
      load: async (dir) => {
        if (fail) throw new Error("broken");
        return { dir, dispose: async () => undefined } as unknown as OnnxEmbedder;
      },
      sizeOf: () => 1,
    });
    await expect(pool.get("x")).rejects.toThrow("broken");
    await settle();
    expect(pool.folders).toEqual([]);
    fail = false;
    await expect(pool.get("x")).resolves.toBeDefined();
  });
});
