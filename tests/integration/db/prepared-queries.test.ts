import { afterEach, describe, expect, it } from "vitest";
import { writeTransaction } from "@/lib/db/client";
import { createCorpus, getCorpus } from "@/lib/db/queries/corpora";
import { passagesWithContext } from "@/lib/db/queries/passages";
import { passages } from "@/lib/db/schema";
import { storeDocuments } from "@/tests/helpers/store-documents";
import { tempDatabase } from "@/tests/helpers/temp-db";

const opened: ReturnType<typeof tempDatabase>[] = [];
afterEach(() => opened.splice(0).forEach((t) => t.cleanup()));

function database(name: string) {
  const t = tempDatabase();
  opened.push(t);
  const corpus = createCorpus(t.db, { name });
  storeDocuments(t.db, corpus.id, [
    { title: `${name} doc`, passages: [`${name} one`, `${name} two`, `${name} three`] },
  ]);
  return { db: t.db, corpus };
}

describe("prepared request-path queries", () => {
  it("answer from the database they are asked on, each with its own statement", () => {
    const a = database("alpha");
    const b = database("beta");
    expect(getCorpus(a.db, a.corpus.id)?.name).toBe("alpha");
    expect(getCorpus(b.db, b.corpus.id)?.name).toBe("beta");
    expect(getCorpus(a.db, 999)).toBeUndefined();
    expect(passagesWithContext(b.db, [1, 3]).map((p) => p.text)).toEqual(["beta one", "beta three"]);
  });

  it("fetch exactly the passages asked for (none, repeated or unknown ids), also inside a transaction", () => {
    const { db } = database("gamma");
    const ids = db
      .select({ id: passages.id })
      .from(passages)
      .all()
      .map((r) => r.id);
    expect(passagesWithContext(db, [])).toEqual([]);
    const rows = passagesWithContext(db, [ids[2], ids[0], ids[2], 12345]);
    expect(rows.map((r) => r.passageId).sort()).toEqual([ids[0], ids[2]].sort());
    expect(rows[0]).toMatchObject({ corpusName: "gamma", documentTitle: "gamma doc" });
    const inside = writeTransaction(db, (tx) => passagesWithContext(tx, [ids[1]]));
    expect(inside.map((r) => r.text)).toEqual(["gamma two"]);
  });
});
