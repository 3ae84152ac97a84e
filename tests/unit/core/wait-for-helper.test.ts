import { describe, expect, it } from "vitest";
import { waitFor } from "@/tests/helpers/wait-for";

describe("waitFor (test helper)", () => {
  it("awaits an asynchronous probe: a promise of false is not an answer", async () => {
    let calls = 0;
    const value = await waitFor("the fourth call", async () => {
      calls++;
      await Promise.resolve();
      return calls === 4 && { calls };
    });
    expect(value).toEqual({ calls: 4 });
    expect(calls).toBe(4);
  });

  it("takes a synchronous probe too, and names what it gave up on", async () => {
    let calls = 0;
    expect(await waitFor("the second call", () => ++calls >= 2 && "done")).toBe("done");
    await expect(waitFor("nothing", async () => false, 0)).rejects.toThrow("gave up waiting for nothing");
  });
});
