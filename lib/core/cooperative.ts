/**
 * Time-sliced cooperation for long synchronous work on a thread that also serves timers (a job's
 * heartbeat and cancel poll, a web server's requests). The work is written once, as a generator
 * that `yield`s between small units (a query, a vector added); {@link runToEnd} runs it at once,
 * {@link runCooperatively} in slices of a few tens of milliseconds with a turn of the event loop
 * between them, stopping at the first slice boundary after its signal aborts.
 */

/** Steps of a long computation: it yields (nothing) between units of work and returns `T`. */
export type Steps<T> = Generator<void, T, void>;

/** Options of {@link runCooperatively} and {@link Slicer}. */
export interface CooperativeOptions {
  /** Stops the work at the next slice boundary; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Longest stretch of work between two turns of the event loop, in ms. Default {@link DEFAULT_SLICE_MS}. */
  sliceMs?: number;
}

/** Short enough that a heartbeat or a cancel is seen at once, long enough that the turns cost nothing. */
export const DEFAULT_SLICE_MS = 50;

/** Throws the signal's reason (an Error) when it has aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  throw signal.reason instanceof Error ? signal.reason : new Error(`stopped: ${String(signal.reason ?? "aborted")}`);
}

/** One turn of the event loop: timers and I/O callbacks that are due run before this resolves. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Cuts a loop into slices: `await slicer.maybeYield()` between units of work turns the event
 * loop once a slice is over, then throws if the signal aborted. For loops that are already async.
 */
export class Slicer {
  private sliceStart = performance.now();
  private readonly sliceMs: number;

  constructor(private readonly options: CooperativeOptions = {}) {
    this.sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
  }

  /** Whether the current slice is over. */
  get due(): boolean {
    return performance.now() - this.sliceStart >= this.sliceMs;
  }

  /** Turns the event loop now, then throws when stopped. */
  async yieldNow(): Promise<void> {
    throwIfAborted(this.options.signal);
    await yieldToEventLoop();
    this.sliceStart = performance.now();
    throwIfAborted(this.options.signal);
  }

  /** Turns the event loop when the slice is over (else resolves at once), then throws when stopped. */
  async maybeYield(): Promise<void> {
    if (this.due) await this.yieldNow();
  }
}

/** Runs the steps to their end without yielding (scripts, benchmarks, tests). */
export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * Runs the steps in slices with a turn of the event loop between them, so that heartbeats,
 * cancels and requests are served meanwhile.
 * @throws the signal's reason at the first slice boundary after it aborts (the steps are closed,
 *   so their `finally` blocks run)
 */
export async function runCooperatively<T>(steps: Steps<T>, options: CooperativeOptions = {}): Promise<T> {
  const slicer = new Slicer(options);
  try {
    for (;;) {
      const next = steps.next();
      if (next.done) return next.value;
      await slicer.maybeYield();
    }
  } catch (err) {
    steps.return(undefined as never);
    throw err;
  }
}
