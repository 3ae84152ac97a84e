/**
 * Keeps one worker process running: a worker that dies (out of memory, a native crash,
 * `kill -9`) is started again after a growing delay, so one bad job cannot take the web server
 * down with it, and a job that kills every worker it meets does not spin the machine.
 * Spawning is injected, so this file starts no processes itself and tests can pass a fake child.
 */

/** What the supervisor needs of a child process (a subset of node's `ChildProcess`). */
export interface SupervisedChild {
  readonly pid?: number;
  readonly exitCode: number | null;
  readonly signalCode: NodeJS.Signals | null;
  kill(signal?: NodeJS.Signals): boolean;
  once(event: "exit", listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
  once(event: "error", listener: (err: Error) => void): unknown;
}

export interface SupervisorOptions {
  /** Names the worker in the log ("worker (train)"). */
  name: string;
  /** Starts a fresh worker process. */
  spawn: () => SupervisedChild;
  log: (line: string) => void;
  /** Delay before the first restart (default 1 s); doubles after each crash in a row. */
  initialDelayMs?: number;
  /** Longest delay between restarts (default 30 s). */
  maxDelayMs?: number;
  /** A worker that ran this long before dying counts as healthy: the delay starts over (default 60 s). */
  healthyAfterMs?: number;
  /** Time to finish up after SIGTERM before SIGKILL (default 10 s). */
  stopGraceMs?: number;
}

/** A running supervision: `stop()` ends the worker for good and resolves once it has exited. */
export interface Supervisor {
  stop(): Promise<void>;
  /** How many times the worker was started again after dying. */
  readonly restarts: number;
}

/** Delay before restart number `crashesInARow` (1-based): 1 s, 2 s, 4 s … up to `maxMs`. */
export function restartDelayMs(crashesInARow: number, initialMs = 1000, maxMs = 30_000): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, crashesInARow - 1));
}

function describeExit(code: number | null, signal: NodeJS.Signals | null, err?: Error): string {
  if (err) return `failed to start (${err.message})`;
  if (signal) return `was killed by ${signal}`;
  return code === 0 ? "exited without being asked to" : `exited with code ${code}`;
}

/** Starts the worker now and restarts it with backoff whenever it dies, until `stop()`. */
export function superviseWorker(options: SupervisorOptions): Supervisor {
  const initialMs = options.initialDelayMs ?? 1000;
  const maxMs = options.maxDelayMs ?? 30_000;
  const healthyMs = options.healthyAfterMs ?? 60_000;
  const graceMs = options.stopGraceMs ?? 10_000;
  let child: SupervisedChild | null = null;
  let crashesInARow = 0;
  let restarts = 0;
  let stopping = false;
  let pending: ReturnType<typeof setTimeout> | null = null;
  let exited: Promise<void> = Promise.resolve();

  const start = () => {
    pending = null;
    if (stopping) return;
    const startedAt = Date.now();
    const current = options.spawn();
    child = current;
    let settled = false;
    exited = new Promise<void>((resolve) => {
      const onEnd = (code: number | null, signal: NodeJS.Signals | null, err?: Error) => {
        if (settled) return;
        settled = true;
        if (child === current) child = null;
        resolve();
        if (stopping) return;
        crashesInARow = Date.now() - startedAt >= healthyMs ? 1 : crashesInARow + 1;
        const delay = restartDelayMs(crashesInARow, initialMs, maxMs);
        restarts++;
        options.log(
          `${options.name} (pid ${current.pid ?? "?"}) ${describeExit(code, signal, err)}; restarting it in ${Math.round(delay / 100) / 10} s (restart ${restarts})`,
        );
        pending = setTimeout(start, delay);
      };
      current.once("exit", (code, signal) => onEnd(code, signal));
      current.once("error", (err) => onEnd(null, null, err));
    });
  };

  start();
  return {
    get restarts() {
      return restarts;
    },
    async stop() {
      stopping = true;
      if (pending) clearTimeout(pending);
      pending = null;
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null) return;
      current.kill("SIGTERM");
      const force = setTimeout(
        () => current.exitCode === null && current.signalCode === null && current.kill("SIGKILL"),
        graceMs,
      );
      await exited;
      clearTimeout(force);
    },
  };
}
