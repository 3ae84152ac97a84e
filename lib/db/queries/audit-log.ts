import "server-only";
import { desc, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { auditLog, type AuditEntry } from "@/lib/db/schema";

/** One audit record: who (actor label), what (action, target, detail), from where. Never secrets. */
export interface AuditInput {
  actor: string;
  action: string;
  target?: string;
  detail?: string;
  ip?: string;
}

export function recordAudit(db: Db, entry: AuditInput): void {
  db.insert(auditLog)
    .values({ ...entry, detail: (entry.detail ?? "").slice(0, 500), target: (entry.target ?? "").slice(0, 300) })
    .run();
}

/** The newest entries first. */
export function listAudit(db: Db, options: { limit?: number; offset?: number } = {}): AuditEntry[] {
  return db
    .select()
    .from(auditLog)
    .orderBy(desc(auditLog.id))
    .limit(options.limit ?? 100)
    .offset(options.offset ?? 0)
    .all();
}

/**
 * Retention: deletes entries older than `maxAgeMs` and all but the newest `maxRows`; returns how
 * many went. Runs on the created_at index and the primary key, so it stays cheap.
 */
export function pruneAudit(db: Db, options: { maxAgeMs: number; maxRows: number; now?: number }): number {
  const cutoff = (options.now ?? Date.now()) - options.maxAgeMs;
  let removed = db
    .delete(auditLog)
    .where(sql`${auditLog.createdAt} < ${cutoff}`)
    .run().changes;
  removed += db
    .delete(auditLog)
    .where(sql`${auditLog.id} <= (select id from ${auditLog} order by id desc limit 1 offset ${options.maxRows})`)
    .run().changes;
  return removed;
}
