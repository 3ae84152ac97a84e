import "server-only";
import { and, eq, gt, lt, sql } from "drizzle-orm";
import { prepared } from "@/lib/db/prepared";
import type { Db } from "@/lib/db/client";
import { sessions, users } from "@/lib/db/schema";

export function createSession(db: Db, input: { tokenHash: string; userId: number; expiresAt: number }): number {
  return db.insert(sessions).values(input).returning({ id: sessions.id }).get().id;
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
export function findSession(db: Db, tokenHash: string, now = Date.now()) {
  return prepared(db, sessionByToken).get({ tokenHash, now });
}

export function deleteSession(db: Db, id: number): void {
  db.delete(sessions).where(eq(sessions.id, id)).run();
}

/** Ends every session of a user (after a password or role change, or removal). */
export function deleteUserSessions(db: Db, userId: number): void {
  db.delete(sessions).where(eq(sessions.userId, userId)).run();
}

/** Drops expired sessions; cheap, run at login. */
export function deleteExpiredSessions(db: Db, now = Date.now()): void {
  db.delete(sessions).where(lt(sessions.expiresAt, now)).run();
}
