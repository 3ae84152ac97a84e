import { spawn } from "node:child_process";
import { EventEmitter } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { restartDelayMs, superviseWorker, type SupervisedChild } from "@/lib/jobs/worker-supervisor";

/** A child process that exits when the test says so, or when killed (unless it ignores SIGTERM). */
class FakeChild extends EventEmitter implements SupervisedChild {
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  readonly signals: NodeJS.Signals[] = [];
  constructor(
    readonly pid: number,
    private readonly ignoresSigterm = false,
  ) {
    super();
  }
  kill(signal: NodeJS.Signals = "SIGTERM"): boolean {
    this.signals.push(signal);
    if (signal === "SIGTERM" && this.ignoresSigterm) return true;
    queueMicrotask(() => (signal === "SIGTERM" ? this.exit(0) : this.die(signal)));
    return true;
  }
  exit(code: number) {
    this.exitCode = code;
    this.emit("exit", code, null);
  }
  die(signal: NodeJS.Signals) {
    this.signalCode = signal;
    this.emit("exit", null, signal);
  }
}

function setup(options: { ignoresSigterm?: boolean } = {}) {
  const children: FakeChild[] = [];
  const lines: string[] = [];
  const supervisor = superviseWorker({
    name: "worker (train)",
    spawn: () => {
      const child = new FakeChild(100 + children.length, options.ignoresSigterm);
      children.push(child);
      return child;
    },
    log: (line) => lines.push(line),
  });
  return { children, lines, supervisor, last: () => children[children.length - 1] };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("worker supervisor", () => {
  it("doubles the restart delay from 1 s up to 30 s", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((n) => restartDelayMs(n))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it("restarts a worker killed with -9 after 1 s and logs why", async () => {
    const { children, lines, supervisor } = setup();
    expect(children).toHaveLength(1);
    children[0].die("SIGKILL");
    expect(lines).toEqual(["worker (train) (pid 100) was killed by SIGKILL; restarting it in 1 s (restart 1)"]);
    await vi.advanceTimersByTimeAsync(999);
    expect(children).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(children).toHaveLength(2);
    expect(supervisor.restarts).toBe(1);
  });

  it("backs off while the worker keeps crashing, and starts over after a minute of healthy running", async () => {
    const { children, lines } = setup();
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      const before = children.length;
      children[before - 1].exit(1);
      const started = Date.now();
      while (children.length === before) await vi.advanceTimersByTimeAsync(100);
      delays.push(Date.now() - started);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(lines[0]).toMatch(/exited with code 1; restarting it in 1 s/);
    await vi.advanceTimersByTimeAsync(60_000);
    children[children.length - 1].exit(137);
    expect(lines[lines.length - 1]).toMatch(/restarting it in 1 s \(restart 8\)$/);
  });

  it("also restarts a worker that exits 0 without being asked, or fails to start", async () => {
    const { children, lines } = setup();
    children[0].exit(0);
    await vi.advanceTimersByTimeAsync(1000);
    children[1].emit("error", new Error("spawn tsx ENOENT"));
    children[1].emit("exit", -2, null);
    expect(lines).toEqual([
      "worker (train) (pid 100) exited without being asked to; restarting it in 1 s (restart 1)",
      "worker (train) (pid 101) failed to start (spawn tsx ENOENT); restarting it in 2 s (restart 2)",
    ]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(children).toHaveLength(3);
  });

  it("stop() ends the worker with SIGTERM and does not restart it", async () => {
    const { children, lines, supervisor } = setup();
    await supervisor.stop();
    expect(children[0].signals).toEqual(["SIGTERM"]);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(children).toHaveLength(1);
    expect(lines).toEqual([]);
  });

  it("stop() during the backoff delay cancels the restart", async () => {
    const { children, supervisor } = setup();
    children[0].die("SIGSEGV");
    await supervisor.stop();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(children).toHaveLength(1);
  });

  it("stop() kills with SIGKILL a worker that does not finish within the grace time", async () => {
    const { children, supervisor } = setup({ ignoresSigterm: true });
    let stopped = false;
    const done = supervisor.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(9_999);
    expect(stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await done;
    expect(children[0].signals).toEqual(["SIGTERM", "SIGKILL"]);
    expect(children).toHaveLength(1);
  });

  it("supervises real processes: restarts one that crashes, stops one that runs", async () => {
    vi.useRealTimers();
    const lines: string[] = [];
    let starts = 0;
    const supervisor = superviseWorker({
      name: "worker",
      // The first process crashes at once; the next ones wait to be stopped.
      spawn: () =>
        spawn(process.execPath, ["-e", starts++ === 0 ? "process.exit(3)" : "setInterval(() => {}, 1000)"], {
          stdio: "ignore",
        }),
      log: (line) => lines.push(line),
      initialDelayMs: 20,
    });
    for (let i = 0; i < 200 && starts < 2; i++) await new Promise((r) => setTimeout(r, 25));
    expect(starts).toBe(2);
    expect(lines).toEqual([
      expect.stringMatching(/^worker \(pid \d+\) exited with code 3; restarting it in 0 s \(restart 1\)$/),
    ]);
    await supervisor.stop();
    expect(starts).toBe(2);
    expect(supervisor.restarts).toBe(1);
  });
});
