/**
 * Slows password guessing without letting anyone lock an account out: only failed logins count,
 * per client address and per account. Past `freeFailures`, each further try from that address
 * waits 1 s, 2 s, 4 s … (up to 15 minutes) after the last failure, even with the right password:
 * that address is the one guessing. An account under attack (past `freeFailures` of its own, from
 * any number of addresses) does not refuse its owner: an address with fewer than
 * `HOT_ACCOUNT_FREE_FAILURES` failures may still try, so only the guessers wait. Counts are
 * forgotten after 15 quiet minutes, and an account's on a successful login. In memory: each web
 * process counts on its own, and a restart forgets.
 */

/** Failures an address may have and still try an account that is under attack. */
export const HOT_ACCOUNT_FREE_FAILURES = 3;
/** The longest wait after a failure. */
export const MAX_DELAY_MS = 15 * 60_000;
/** Quiet time after which an address's or an account's failures are forgotten. */
export const FORGET_AFTER_MS = 15 * 60_000;

interface Failures {
  count: number;
  last: number;
}

export type LoginVerdict = { ok: true } | { ok: false; retryAfterS: number; why: "address" | "account" };

export class LoginThrottle {
  private readonly byAddress = new Map<string, Failures>();
  private readonly byAccount = new Map<string, Failures>();

  constructor(
    private readonly freeFailures: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Whether `address` may try to log in to `account` now; call before checking the password. */
  check(address: string, account: string): LoginVerdict {
    const t = this.now();
    const fromAddress = this.get(this.byAddress, address, t);
    const addressWait = waitMs(fromAddress, this.freeFailures, t);
    if (addressWait > 0) return { ok: false, retryAfterS: Math.ceil(addressWait / 1000), why: "address" };
    if (waitMs(this.get(this.byAccount, account, t), this.freeFailures, t) > 0) {
      const guesserWait = waitMs(fromAddress, Math.min(this.freeFailures, HOT_ACCOUNT_FREE_FAILURES), t);
      if (guesserWait > 0) return { ok: false, retryAfterS: Math.ceil(guesserWait / 1000), why: "account" };
    }
    return { ok: true };
  }

  /** Counts a wrong password (or unknown account) against both the address and the account. */
  recordFailure(address: string, account: string): void {
    const t = this.now();
    for (const [map, key] of [
      [this.byAddress, address],
      [this.byAccount, account],
    ] as const) {
      const f = this.get(map, key, t) ?? { count: 0, last: t };
      map.set(key, { count: f.count + 1, last: t });
      if (map.size > 50_000) this.prune(map, t);
    }
  }

  /** The owner got in: the account's count starts over (the address's does not, or a guesser with an account of its own could clear it). */
  recordSuccess(account: string): void {
    this.byAccount.delete(account);
  }

  private get(map: Map<string, Failures>, key: string, t: number): Failures | undefined {
    const f = map.get(key);
    if (f && t - f.last > FORGET_AFTER_MS) {
      map.delete(key);
      return undefined;
    }
    return f;
  }

  private prune(map: Map<string, Failures>, t: number): void {
    for (const [key, f] of map) if (t - f.last > FORGET_AFTER_MS) map.delete(key);
  }
}

/** How long from `t` until the next try is allowed, 0 when it is; doubles with each failure past `free`. */
function waitMs(f: Failures | undefined, free: number, t: number): number {
  if (!f || f.count < free) return 0;
  const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** Math.min(30, f.count - free));
  return Math.max(0, f.last + delay - t);
}

const ordinal = (n: number) => `${n}${n === 1 ? "st" : n === 2 ? "nd" : n === 3 ? "rd" : "th"}`;

/**
 * What a client must know of this throttle, in the words of the API description (the login
 * route's 429), with the numbers it runs with: `freeFailures` is COGNATE_RATE_LIMIT_LOGIN.
 */
export function describeLoginThrottle(freeFailures: number, requestsPerMinute: number): string {
  const hot = Math.min(freeFailures, HOT_ACCOUNT_FREE_FAILURES);
  return [
    "Too many tries: `error.message` says what was counted and `Retry-After` how many seconds to wait.",
    `Only failed logins count, per client address and per account. After ${freeFailures} failures from one address`,
    "(COGNATE_RATE_LIMIT_LOGIN), each further try from it must wait 1 s after its latest failure, then 2 s, 4 s and so on",
    `up to ${MAX_DELAY_MS / 60_000} min, even with the right password.`,
    `An account with ${freeFailures} or more failures from any addresses slows only the addresses that have ${hot} or more`,
    `failures of their own (1 s after their ${ordinal(hot)} failure, then doubling likewise), so wrong passwords sent by`,
    "others do not lock its owner out.",
    "A successful login clears the account's count, not the address's; counts are forgotten after",
    `${FORGET_AFTER_MS / 60_000} quiet minutes and kept in each web process's memory (a restart forgets them).`,
    `The per-address limit of every route (COGNATE_RATE_LIMIT_IP, ${requestsPerMinute} requests a minute) also answers 429.`,
  ].join(" ");
}
