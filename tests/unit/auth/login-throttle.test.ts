import { describe, expect, it } from "vitest";
import { LoginThrottle } from "@/lib/auth/login-throttle";

function throttle(free = 3) {
  const clock = { t: 1_000_000 };
  return { clock, lt: new LoginThrottle(free, () => clock.t) };
}

describe("login throttle", () => {
  it("lets an address fail `free` times, then doubles its wait from 1 s after each further failure", () => {
    const { clock, lt } = throttle(3);
    for (let i = 0; i < 3; i++) {
      expect(lt.check("a", "root")).toEqual({ ok: true });
      lt.recordFailure("a", `user${i}`);
    }
    expect(lt.check("a", "root")).toEqual({ ok: false, retryAfterS: 1, why: "address" });
    clock.t += 1000;
    expect(lt.check("a", "root")).toEqual({ ok: true });
    lt.recordFailure("a", "root");
    expect(lt.check("a", "root")).toMatchObject({ ok: false, retryAfterS: 2 });
    lt.recordFailure("a", "root");
    lt.recordFailure("a", "root");
    expect(lt.check("a", "root")).toMatchObject({ ok: false, retryAfterS: 8 });
    for (let i = 0; i < 40; i++) lt.recordFailure("a", "root");
    expect(lt.check("a", "root")).toMatchObject({ ok: false, retryAfterS: 900 });
    // Another address is not affected by a's failures on other accounts.
    expect(lt.check("b", "someone")).toEqual({ ok: true });
  });

  it("counts only failures: successes never use up tries", () => {
    const { lt } = throttle(3);
    for (let i = 0; i < 100; i++) {
      expect(lt.check("a", "root")).toEqual({ ok: true });
      lt.recordSuccess("root");
    }
  });

  it("keeps an account under attack open to its owner, and closes it to the addresses that guess", () => {
    const { lt } = throttle(10);
    // Many addresses, one wrong guess each: no address is throttled, the account is under attack.
    for (let i = 0; i < 10; i++) lt.recordFailure(`guesser${i}`, "root");
    expect(lt.check("owner", "root")).toEqual({ ok: true });
    // The owner mistypes twice and may still try.
    lt.recordFailure("owner", "root");
    lt.recordFailure("owner", "root");
    expect(lt.check("owner", "root")).toEqual({ ok: true });
    // One address that guesses this account 3 times waits, while the account is under attack.
    for (let i = 0; i < 3; i++) lt.recordFailure("guesser0", "root");
    expect(lt.check("guesser0", "root")).toMatchObject({ ok: false, why: "account" });
    expect(lt.check("guesser0", "other-account")).toEqual({ ok: true });
    // The owner gets in: the account is no longer under attack.
    lt.recordSuccess("root");
    expect(lt.check("guesser0", "root")).toEqual({ ok: true });
  });

  it("forgets failures after 15 quiet minutes", () => {
    const { clock, lt } = throttle(1);
    lt.recordFailure("a", "root");
    lt.recordFailure("a", "root");
    expect(lt.check("a", "root").ok).toBe(false);
    clock.t += 15 * 60_000 + 1;
    expect(lt.check("a", "root")).toEqual({ ok: true });
    lt.recordFailure("a", "root");
    expect(lt.check("a", "root")).toEqual({ ok: false, retryAfterS: 1, why: "address" });
  });
});
