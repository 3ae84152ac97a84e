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

describe("password hashing cost", () => {
  it("hashes passwords at N=2^17 and asks to rehash older, cheaper hashes", async () => {
    const { PASSWORD_COST, needsRehash } = await import("@/lib/auth/password-hash");
    expect(PASSWORD_COST.N).toBe(1 << 17);
    const today = await hashSecret("correct horse battery");
    expect(today).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(needsRehash(today)).toBe(false);
    const old = await hashSecret("correct horse battery", { N: 1 << 15, r: 8, p: 1 });
    expect(await verifySecret("correct horse battery", old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash("not-a-hash")).toBe(true);
  });

  it("rehashes a stored password at the next successful login, and only then", async () => {
    const { tempDatabase } = await import("@/tests/helpers/temp-db");
    const { checkPassword } = await import("@/lib/auth/accounts");
    const { createUser, getUserByEmail } = await import("@/lib/db/queries/users");
    const { db, cleanup } = tempDatabase();
    try {
      await createUser(db, {
        email: "old@example.org",
        role: "user",
        passwordHash: await hashSecret("an old password", { N: 1 << 15, r: 8, p: 1 }),
      });
      expect(await checkPassword(db, "old@example.org", "a wrong password")).toBeUndefined();
      expect((await getUserByEmail(db, "old@example.org"))!.passwordHash).toMatch(/^scrypt\$32768\$/);
      expect(await checkPassword(db, "old@example.org", "an old password")).toMatchObject({ email: "old@example.org" });
      const rehashed = (await getUserByEmail(db, "old@example.org"))!.passwordHash;
      expect(rehashed).toMatch(/^scrypt\$131072\$8\$1\$/);
      expect(await checkPassword(db, "old@example.org", "an old password")).toBeDefined();
    } finally {
      await cleanup();
    }
  });
});

describe("admin password from the environment", () => {
  it("must be at least 12 characters, with an error that says what to do", async () => {
    const { readConfig } = await import("@/lib/config");
    const env = { NODE_ENV: "test", COGNATE_ADMIN_EMAIL: "root@example.org" } as const;
    expect(() => readConfig({ ...env, COGNATE_ADMIN_PASSWORD: "short-pass1" })).toThrow(
      /COGNATE_ADMIN_PASSWORD is shorter than 12 characters; use a long passphrase/,
    );
    expect(readConfig({ ...env, COGNATE_ADMIN_PASSWORD: "twelve chars" }).auth.adminPassword).toBe("twelve chars");
  });
});
