import "server-only";
import { and, eq, gt, lt, sql } from "drizzle-orm";
import { prepared } from "@/lib/db/prepared";
import type { Db } from "@/lib/db/client";
import { sessions, users } from "@/lib/db/tables";

export async function createSession(
  db: Db,
  input: { tokenHash: string; userId: number; expiresAt: number },
): Promise<number> {
  const [session] = await db.insert(sessions).values(input).returning({ id: sessions.id });
  return session.id;
}

const sessionByToken = (db: Db) =>
  db
    .select({
      sessionId: sessions.id,
      userId: users.id,
      email: users.email,
      role: users.role,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, sql.placeholder("tokenHash")), gt(sessions.expiresAt, sql.placeholder("now"))))
    .prepare();

/** The live session with this token hash and its user, or undefined when unknown or expired. */
export async function findSession(db: Db, tokenHash: string, now = Date.now()) {
  const [session] = await prepared(db, sessionByToken).execute({ tokenHash, now });
  return session;
}

export async function deleteSession(db: Db, id: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, id));
}

/** Ends every session of a user (after a password or role change, or removal). */
export async function deleteUserSessions(db: Db, userId: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Drops expired sessions; cheap, run at login. */
export async function deleteExpiredSessions(db: Db, now = Date.now()): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}
