import { afterEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { type Db, writeTransaction } from "@/lib/db/client";
import { createCorpus, getCorpusByName, listCorpora } from "@/lib/db/queries/corpora";
import { corpora } from "@/lib/db/tables";
import { tempDatabase } from "@/tests/helpers/temp-db";

// The asynchronous transaction rules every database follows (lib/db/sqlite-async.ts, lib/db/postgres.ts):
// statements of other async work wait for an open transaction instead of landing inside it; statements
// made through the database handle inside a transaction's body belong to it; nested transactions are savepoints.

const opened: { cleanup: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const t of opened.splice(0)) await t.cleanup();
});

function database(): Db {
  const t = tempDatabase();
  opened.push(t);
  return t.db;
}

const names = async (db: Db) => (await listCorpora(db)).map((c) => c.name).sort();

describe("asynchronous transactions", () => {
  it("keeps a concurrent write out of a transaction that rolls back", async () => {
    const db = database();
    let release!: () => void;
    const paused = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const failing = writeTransaction(db, async (tx) => {
      await createCorpus(tx, { name: "rolled back" });
      entered();
      await paused;
      throw new Error("boom");
    });
    await inside;
    // Another request writes while the transaction is open and waiting.
    const concurrent = createCorpus(db, { name: "kept" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await expect(failing).rejects.toThrow("boom");
    await concurrent;
    expect(await names(db)).toEqual(["kept"]);
  });

  it("runs statements made through the database handle inside the body in the transaction", async () => {
    const db = database();
    await expect(
      writeTransaction(db, async () => {
        await createCorpus(db, { name: "through db" });
        expect(await getCorpusByName(db, "through db")).toBeDefined();
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");
    expect(await names(db)).toEqual([]);
  });

  it("makes a nested transaction a savepoint: its rollback keeps the outer work", async () => {
    const db = database();
    await writeTransaction(db, async (tx) => {
      await createCorpus(tx, { name: "outer" });
      await expect(
        writeTransaction(db, async (inner) => {
          await createCorpus(inner, { name: "inner" });
          throw new Error("inner fails");
        }),
      ).rejects.toThrow("inner fails");
      await writeTransaction(tx, async (inner) => {
        await inner.update(corpora).set({ description: "kept" }).where(eq(corpora.name, "outer"));
      });
    });
    const [outer] = await listCorpora(db);
    expect(await names(db)).toEqual(["outer"]);
    expect(outer.description).toBe("kept");
  });

  it("runs transactions one after another and each sees the one before", async () => {
    const db = database();
    await createCorpus(db, { name: "counter", description: "0" });
    const bump = () =>
      writeTransaction(db, async (tx) => {
        const current = await getCorpusByName(tx, "counter");
        await new Promise((resolve) => setTimeout(resolve, 1));
        await tx
          .update(corpora)
          .set({ description: String(Number(current!.description) + 1) })
          .where(eq(corpora.name, "counter"));
      });
    await Promise.all(Array.from({ length: 10 }, bump));
    expect((await getCorpusByName(db, "counter"))!.description).toBe("10");
  });
});
