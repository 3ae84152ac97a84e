import { describe, expect, it } from "vitest";
import { runCooperatively, runToEnd, Slicer, type Steps } from "@/lib/core/cooperative";

function* count(to: number, log: string[]): Steps<number> {
  try {
    for (let i = 0; i < to; i++) yield;
    return to;
  } finally {
    log.push("closed");
  }
}

describe("cooperative steps", () => {
  it("runToEnd runs the steps at once; runCooperatively gives the same result with turns between slices", async () => {
    const log: string[] = [];
    expect(runToEnd(count(1000, log))).toBe(1000);
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    const slow = function* (): Steps<string> {
      for (let i = 0; i < 20; i++) {
        const until = performance.now() + 5;
        while (performance.now() < until);
        yield;
      }
      return "done";
    };
    expect(await runCooperatively(slow(), { sliceMs: 10 })).toBe("done");
    clearInterval(ticker);
    expect(turns).toBeGreaterThan(0);
  });

  it("runCooperatively stops at the next slice after its signal aborts, with the reason, and closes the steps", async () => {
    const log: string[] = [];
    const stop = new AbortController();
    const running = runCooperatively(count(1e12, log), { signal: stop.signal, sliceMs: 1 });
    setTimeout(() => stop.abort(new Error("cancelled")), 5);
    await expect(running).rejects.toThrow("cancelled");
    expect(log).toEqual(["closed"]);
  });

  it("a Slicer yields only once a slice is over, and throws once its signal aborted", async () => {
    const stop = new AbortController();
    const slicer = new Slicer({ signal: stop.signal, sliceMs: 60_000 });
    expect(slicer.due).toBe(false);
    await slicer.maybeYield();
    stop.abort(new Error("gone"));
    await slicer.maybeYield(); // not due: no check yet
    await expect(slicer.yieldNow()).rejects.toThrow("gone");
  });
});
