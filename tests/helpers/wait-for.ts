const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `probe` (synchronous or asynchronous, awaited each time) every 20 ms until it gives a
 * truthy value, which it returns; throws naming `what` after `timeoutMs`.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | PromiseLike<T>,
  timeoutMs = 30_000,
): Promise<Exclude<T, undefined | null | false | 0 | "">> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as Exclude<T, undefined | null | false | 0 | "">;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(20);
  }
}
