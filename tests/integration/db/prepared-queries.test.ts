import { afterEach, describe, expect, it } from "vitest";
import { writeTransaction } from "@/lib/db/client";
import { createCorpus, getCorpus } from "@/lib/db/queries/corpora";
import { passagesWithContext } from "@/lib/db/queries/passages";
import { passages } from "@/lib/db/schema";
import { storeDocuments } from "@/tests/helpers/store-documents";
import { tempDatabase } from "@/tests/helpers/temp-db";

const opened: ReturnType<typeof tempDatabase>[] = [];
afterEach(async () => {
  for (const t of opened.splice(0)) await t.cleanup();
});

async function database(name: string) {
  const t = tempDatabase();
  opened.push(t);
  const corpus = await createCorpus(t.db, { name });
  await storeDocuments(t.db, corpus.id, [
    { title: `${name} doc`, passages: [`${name} one`, `${name} two`, `${name} three`] },
  ]);
  return { db: t.db, corpus };
}

describe("prepared request-path queries", () => {
  it("answer from the database they are asked on, each with its own statement", async () => {
    const a = await database("alpha");
    const b = await database("beta");
    expect((await getCorpus(a.db, a.corpus.id))?.name).toBe("alpha");
    expect((await getCorpus(b.db, b.corpus.id))?.name).toBe("beta");
    expect(await getCorpus(a.db, 999)).toBeUndefined();
    expect((await passagesWithContext(b.db, [1, 3])).map((p) => p.text)).toEqual(["beta one", "beta three"]);
  });

  it("fetch exactly the passages asked for (none, repeated or unknown ids), also inside a transaction", async () => {
    const { db } = await database("gamma");
    const ids = (await db.select({ id: passages.id }).from(passages)).map((r) => r.id);
    expect(await passagesWithContext(db, [])).toEqual([]);
    const rows = await passagesWithContext(db, [ids[2], ids[0], ids[2], 12345]);
    expect(rows.map((r) => r.passageId).sort()).toEqual([ids[0], ids[2]].sort());
    expect(rows[0]).toMatchObject({ corpusName: "gamma", documentTitle: "gamma doc" });
    const inside = await writeTransaction(db, (tx) => passagesWithContext(tx, [ids[1]]));
    expect(inside.map((r) => r.text)).toEqual(["gamma two"]);
  });
});
