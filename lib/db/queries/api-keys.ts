import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import { prepared } from "@/lib/db/prepared";
import type { Db } from "@/lib/db/client";
import { apiKeys, type ApiKeyRow } from "@/lib/db/schema";

/** A key as listed to admins: everything but the hash. */
export type ApiKeyView = Omit<ApiKeyRow, "secretHash">;

const viewColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  scopes: apiKeys.scopes,
  createdBy: apiKeys.createdBy,
  expiresAt: apiKeys.expiresAt,
  revokedAt: apiKeys.revokedAt,
  lastUsedAt: apiKeys.lastUsedAt,
  createdAt: apiKeys.createdAt,
};

export function insertApiKey(
  db: Db,
  input: {
    name: string;
    prefix: string;
    secretHash: string;
    scopes: string;
    createdBy: number | null;
    expiresAt: number | null;
  },
): ApiKeyView {
  return db.insert(apiKeys).values(input).returning(viewColumns).get();
}

const keyByPrefix = (db: Db) =>
  db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.prefix, sql.placeholder("prefix")))
    .prepare();

export function getApiKeyByPrefix(db: Db, prefix: string): ApiKeyRow | undefined {
  return prepared(db, keyByPrefix).get({ prefix });
}

export function listApiKeys(db: Db): ApiKeyView[] {
  return db.select(viewColumns).from(apiKeys).orderBy(desc(apiKeys.id)).all();
}

/** Marks a key revoked (it stays listed); false when there is no such key or it was revoked already. */
export function revokeApiKey(db: Db, id: number, now = Date.now()): ApiKeyView | undefined {
  return db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(sql`${apiKeys.id} = ${id} and ${apiKeys.revokedAt} is null`)
    .returning(viewColumns)
    .get();
}

/** Records use, at most once a minute per key so that busy keys do not write on every request. */
export function touchApiKey(db: Db, id: number, now = Date.now()): void {
  db.update(apiKeys)
    .set({ lastUsedAt: now })
    .where(sql`${apiKeys.id} = ${id} and (${apiKeys.lastUsedAt} is null or ${apiKeys.lastUsedAt} < ${now - 60_000})`)
    .run();
}
