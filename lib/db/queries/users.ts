import "server-only";
import { DomainError } from "@/lib/core/domain-error";
import { asc, eq, sql } from "drizzle-orm";
import { prepared } from "@/lib/db/prepared";
import type { Db } from "@/lib/db/client";
import { apiKeys, users, type User } from "@/lib/db/schema";
import type { UserRole } from "@/lib/db/statuses";

/** Thrown when an email address already has an account. */
export class DuplicateUserError extends DomainError {
  constructor(message: string) {
    super("conflict", message);
  }
}

/** A user without the password hash, safe to send to a browser. */
export type PublicUser = Omit<User, "passwordHash">;

const publicColumns = { id: users.id, email: users.email, role: users.role, createdAt: users.createdAt };

/** Creates an account; `email` is stored lower-cased. */
export function createUser(db: Db, input: { email: string; passwordHash: string; role: UserRole }): PublicUser {
  const email = input.email.trim().toLowerCase();
  if (getUserByEmail(db, email)) throw new DuplicateUserError(`an account for ${email} already exists`);
  return db
    .insert(users)
    .values({ ...input, email })
    .returning(publicColumns)
    .get();
}

export function getUserByEmail(db: Db, email: string): User | undefined {
  return db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).get();
}

const userById = (db: Db) =>
  db
    .select(publicColumns)
    .from(users)
    .where(eq(users.id, sql.placeholder("id")))
    .prepare();

export function getUser(db: Db, id: number): PublicUser | undefined {
  return prepared(db, userById).get({ id });
}

export function listUsers(db: Db): PublicUser[] {
  return db.select(publicColumns).from(users).orderBy(asc(users.id)).all();
}

export function countUsers(db: Db): number {
  return db.get<{ n: number }>(sql`select count(*) as n from ${users}`).n;
}

export function countAdmins(db: Db): number {
  return db.get<{ n: number }>(sql`select count(*) as n from ${users} where ${users.role} = 'admin'`).n;
}

/** Changes role and/or password hash; false when there is no such user. */
export function updateUser(db: Db, id: number, patch: { role?: UserRole; passwordHash?: string }): boolean {
  if (patch.role === undefined && patch.passwordHash === undefined) return getUser(db, id) !== undefined;
  return db.update(users).set(patch).where(eq(users.id, id)).run().changes > 0;
}

/**
 * Deletes an account with its sessions (foreign key cascade) and revokes, in the same
 * transaction, the API keys it created: a key must not outlive the person answerable for it.
 */
export function deleteUser(db: Db, id: number, now = Date.now()): boolean {
  return db.transaction((tx) => {
    tx.update(apiKeys)
      .set({ revokedAt: now })
      .where(sql`${apiKeys.createdBy} = ${id} and ${apiKeys.revokedAt} is null`)
      .run();
    return tx.delete(users).where(eq(users.id, id)).run().changes > 0;
  });
}
