import "server-only";
import { DomainError } from "@/lib/core/domain-error";
import { asc, eq, sql } from "drizzle-orm";
import { prepared } from "@/lib/db/prepared";
import { type Db, writeTransaction } from "@/lib/db/client";
import { apiKeys, users } from "@/lib/db/tables";
import type { User } from "@/lib/db/schema";
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
export async function createUser(
  db: Db,
  input: { email: string; passwordHash: string; role: UserRole },
): Promise<PublicUser> {
  const email = input.email.trim().toLowerCase();
  if (await getUserByEmail(db, email)) throw new DuplicateUserError(`an account for ${email} already exists`);
  const [user] = await db
    .insert(users)
    .values({ ...input, email })
    .returning(publicColumns);
  return user;
}

export async function getUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  return user;
}

const userById = (db: Db) =>
  db
    .select(publicColumns)
    .from(users)
    .where(eq(users.id, sql.placeholder("id")))
    .prepare();

export async function getUser(db: Db, id: number): Promise<PublicUser | undefined> {
  const [user] = await prepared(db, userById).execute({ id });
  return user;
}

export function listUsers(db: Db): Promise<PublicUser[]> {
  return db.select(publicColumns).from(users).orderBy(asc(users.id));
}

export function countUsers(db: Db): Promise<number> {
  return db.$count(users);
}

export function countAdmins(db: Db): Promise<number> {
  return db.$count(users, eq(users.role, "admin"));
}

/** Changes role and/or password hash; false when there is no such user. */
export async function updateUser(
  db: Db,
  id: number,
  patch: { role?: UserRole; passwordHash?: string },
): Promise<boolean> {
  if (patch.role === undefined && patch.passwordHash === undefined) return (await getUser(db, id)) !== undefined;
  const updated = await db.update(users).set(patch).where(eq(users.id, id)).returning({ id: users.id });
  return updated.length > 0;
}

/**
 * Deletes an account with its sessions (foreign key cascade) and revokes, in the same
 * transaction, the API keys it created: a key must not outlive the person answerable for it.
 */
export function deleteUser(db: Db, id: number, now = Date.now()): Promise<boolean> {
  return writeTransaction(db, async (tx) => {
    await tx
      .update(apiKeys)
      .set({ revokedAt: now })
      .where(sql`${apiKeys.createdBy} = ${id} and ${apiKeys.revokedAt} is null`);
    const deleted = await tx.delete(users).where(eq(users.id, id)).returning({ id: users.id });
    return deleted.length > 0;
  });
}
