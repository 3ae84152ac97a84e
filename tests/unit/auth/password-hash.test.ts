import { describe, expect, it } from "vitest";
import { hashSecret, KEY_COST, verifySecret } from "@/lib/auth/password-hash";

describe("password hashing (scrypt)", () => {
  it("verifies the right secret only, with a fresh salt each time", async () => {
    const a = await hashSecret("correct horse battery", KEY_COST);
    const b = await hashSecret("correct horse battery", KEY_COST);
    expect(a).toMatch(/^scrypt\$4096\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifySecret("correct horse battery", a)).toBe(true);
    expect(await verifySecret("correct horse batterY", a)).toBe(false);
    expect(await verifySecret("x", "not-a-hash")).toBe(false);
    expect(await verifySecret("x", "scrypt$99999999$8$1$AA$AA")).toBe(false);
  });
});
