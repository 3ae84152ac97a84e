/**
 * Slows password guessing without letting anyone lock an account out: only failed logins count,
 * per client address and per account. Past `freeFailures`, each further try from that address
 * waits 1 s, 2 s, 4 s … (up to 15 minutes) after the last failure, even with the right password:
 * that address is the one guessing. An account under attack (past `freeFailures` of its own, from
 * any number of addresses) does not refuse its owner: an address with fewer than
 * `HOT_ACCOUNT_FREE_FAILURES` failures may still try, so only the guessers wait. Counts are
 * forgotten after 15 quiet minutes, and an account's on a successful login. `LoginThrottle` counts
 * in this process's memory (a restart forgets); `SharedLoginThrottle` applies the same rules to
 * counts in Redis or PostgreSQL, which every web process shares.
 */
import { createHash } from "node:crypto";

/** Failures an address may have and still try an account that is under attack. */
export const HOT_ACCOUNT_FREE_FAILURES = 3;
/** The longest wait after a failure. */
export const MAX_DELAY_MS = 15 * 60_000;
/** Quiet time after which an address's or an account's failures are forgotten. */
export const FORGET_AFTER_MS = 15 * 60_000;

/** An address's or an account's failures: how many, and when the latest was (ms since the epoch). */
export interface Failures {
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
    return loginVerdict(
      this.get(this.byAddress, address, t),
      this.get(this.byAccount, account, t),
      this.freeFailures,
      t,
    );
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

/** The throttle's rules, on an address's and an account's failures at time `t`. */
function loginVerdict(
  fromAddress: Failures | undefined,
  ofAccount: Failures | undefined,
  freeFailures: number,
  t: number,
): LoginVerdict {
  const addressWait = waitMs(fromAddress, freeFailures, t);
  if (addressWait > 0) return { ok: false, retryAfterS: Math.ceil(addressWait / 1000), why: "address" };
  if (waitMs(ofAccount, freeFailures, t) > 0) {
    const guesserWait = waitMs(fromAddress, Math.min(freeFailures, HOT_ACCOUNT_FREE_FAILURES), t);
    if (guesserWait > 0) return { ok: false, retryAfterS: Math.ceil(guesserWait / 1000), why: "account" };
  }
  return { ok: true };
}

/**
 * Failure counts in a store that every web replica shares (lib/auth/rate-limit-store.ts). A
 * key's count is forgotten `FORGET_AFTER_MS` after its latest `add`; `get` answers the count and
 * the milliseconds left until then (so the latest failure was `FORGET_AFTER_MS - msLeft` ago,
 * whatever the clocks of the replicas say). Every method rejects when the store cannot answer.
 */
export interface FailureCounts {
  get(key: string): Promise<{ count: number; msLeft: number } | undefined>;
  add(key: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * {@link LoginThrottle}'s rules on counts that every web replica shares: `addresses` and
 * `accounts` are the store's counts (accounts by a digest of the email, so that the store holds no
 * addresses of people). Without a store, or while it cannot answer, this process's own
 * `LoginThrottle` decides: it counts every failure this process sees, store or not. Falling back
 * to memory, not failing closed: refusing every login while Redis or PostgreSQL is unreachable
 * would lock every owner out of their account, the very thing the throttle must never do; and
 * not failing open: a guesser still meets the throttle of each replica it reaches.
 */
export class SharedLoginThrottle {
  private readonly local: LoginThrottle;

  constructor(
    private readonly freeFailures: number,
    private readonly store?: { addresses: FailureCounts; accounts: FailureCounts },
    private readonly onStoreError: (err: unknown) => void = () => {},
    private readonly now: () => number = () => Date.now(),
  ) {
    this.local = new LoginThrottle(freeFailures, now);
  }

  /** Whether `address` may try to log in to `account` now; call before checking the password. */
  async check(address: string, account: string): Promise<LoginVerdict> {
    if (this.store) {
      try {
        const [fromAddress, ofAccount] = await Promise.all([
          this.store.addresses.get(address),
          this.store.accounts.get(accountKey(account)),
        ]);
        const t = this.now();
        const failures = (f: { count: number; msLeft: number } | undefined): Failures | undefined =>
          f && { count: f.count, last: t + f.msLeft - FORGET_AFTER_MS };
        return loginVerdict(failures(fromAddress), failures(ofAccount), this.freeFailures, t);
      } catch (err) {
        this.onStoreError(err);
      }
    }
    return this.local.check(address, account);
  }

  /** Counts a wrong password (or unknown account) against both the address and the account. */
  async recordFailure(address: string, account: string): Promise<void> {
    this.local.recordFailure(address, account);
    if (!this.store) return;
    try {
      await Promise.all([this.store.addresses.add(address), this.store.accounts.add(accountKey(account))]);
    } catch (err) {
      this.onStoreError(err);
    }
  }

  /** The owner got in: the account's count starts over (not the address's, see {@link LoginThrottle.recordSuccess}). */
  async recordSuccess(account: string): Promise<void> {
    this.local.recordSuccess(account);
    if (!this.store) return;
    try {
      await this.store.accounts.delete(accountKey(account));
    } catch (err) {
      this.onStoreError(err);
    }
  }
}

/** An account's key in a shared store: a digest of its email, not the email. */
function accountKey(account: string): string {
  return createHash("sha256").update(account).digest("base64url").slice(0, 32);
}

/** How long from `t` until the next try is allowed, 0 when it is; doubles with each failure past `free`. */
function waitMs(f: Failures | undefined, free: number, t: number): number {
  if (!f || f.count < free) return 0;
  const delay = Math.min(MAX_DELAY_MS, 1000 * 2 ** Math.min(30, f.count - free));
  return Math.max(0, f.last + delay - t);
}

const ordinal = (n: number) => `${n}${n === 1 ? "st" : n === 2 ? "nd" : n === 3 ? "rd" : "th"}`;

/** Where the counts live, in the words of the API description. */
const KEPT = {
  memory: "kept in each web process's memory (a restart forgets them).",
  redis: "kept in Redis (REDIS_URL), so every web process counts the same failures.",
  postgres: "kept in PostgreSQL, so every web process counts the same failures.",
} as const;

/**
 * What a client must know of this throttle, in the words of the API description (the login
 * route's 429), with the numbers it runs with: `freeFailures` is COGNATE_RATE_LIMIT_LOGIN, and
 * `kept` where the counts are (lib/auth/rate-limit-store.ts).
 */
export function describeLoginThrottle(
  freeFailures: number,
  requestsPerMinute: number,
  kept: keyof typeof KEPT = "memory",
): string {
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
    `${FORGET_AFTER_MS / 60_000} quiet minutes and ${KEPT[kept]}`,
    `The per-address limit of every route (COGNATE_RATE_LIMIT_IP, ${requestsPerMinute} requests a minute) also answers 429.`,
  ].join(" ");
}
