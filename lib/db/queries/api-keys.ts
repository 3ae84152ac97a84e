import "server-only";
import { desc, eq, sql } from "drizzle-orm";
import { prepared } from "@/lib/db/prepared";
import type { Db } from "@/lib/db/client";
import { apiKeys } from "@/lib/db/tables";
import type { ApiKeyRow } from "@/lib/db/schema";

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

export async function insertApiKey(
  db: Db,
  input: {
    name: string;
    prefix: string;
    secretHash: string;
    scopes: string;
    createdBy: number | null;
    expiresAt: number | null;
  },
): Promise<ApiKeyView> {
  const [key] = await db.insert(apiKeys).values(input).returning(viewColumns);
  return key;
}

const keyByPrefix = (db: Db) =>
  db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.prefix, sql.placeholder("prefix")))
    .prepare();

export async function getApiKeyByPrefix(db: Db, prefix: string): Promise<ApiKeyRow | undefined> {
  const [key] = await prepared(db, keyByPrefix).execute({ prefix });
  return key;
}

export function listApiKeys(db: Db): Promise<ApiKeyView[]> {
  return db.select(viewColumns).from(apiKeys).orderBy(desc(apiKeys.id));
}

/** Marks a key revoked (it stays listed); false when there is no such key or it was revoked already. */
export async function revokeApiKey(db: Db, id: number, now = Date.now()): Promise<ApiKeyView | undefined> {
  const [key] = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(sql`${apiKeys.id} = ${id} and ${apiKeys.revokedAt} is null`)
    .returning(viewColumns);
  return key;
}

/** Records use, at most once a minute per key so that busy keys do not write on every request. */
export async function touchApiKey(db: Db, id: number, now = Date.now()): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(sql`${apiKeys.id} = ${id} and (${apiKeys.lastUsedAt} is null or ${apiKeys.lastUsedAt} < ${now - 60_000})`);
}
