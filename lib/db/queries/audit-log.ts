import "server-only";
import { desc, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { auditLog } from "@/lib/db/tables";
import type { AuditEntry } from "@/lib/db/schema";

/** One audit record: who (actor label), what (action, target, detail), from where. Never secrets. */
export interface AuditInput {
  actor: string;
  action: string;
  target?: string;
  detail?: string;
  ip?: string;
}

export async function recordAudit(db: Db, entry: AuditInput): Promise<void> {
  await db
    .insert(auditLog)
    .values({ ...entry, detail: (entry.detail ?? "").slice(0, 500), target: (entry.target ?? "").slice(0, 300) });
}

/** The newest entries first. */
export function listAudit(db: Db, options: { limit?: number; offset?: number } = {}): Promise<AuditEntry[]> {
  return db
    .select()
    .from(auditLog)
    .orderBy(desc(auditLog.id))
    .limit(options.limit ?? 100)
    .offset(options.offset ?? 0);
}

/**
 * Retention: deletes entries older than `maxAgeMs` and all but the newest `maxRows`; returns how
 * many went. Runs on the created_at index and the primary key, so it stays cheap.
 */
export async function pruneAudit(
  db: Db,
  options: { maxAgeMs: number; maxRows: number; now?: number },
): Promise<number> {
  const cutoff = (options.now ?? Date.now()) - options.maxAgeMs;
  const old = await db
    .delete(auditLog)
    .where(sql`${auditLog.createdAt} < ${cutoff}`)
    .returning({ id: auditLog.id });
  const surplus = await db
    .delete(auditLog)
    .where(sql`${auditLog.id} <= (select id from ${auditLog} order by id desc limit 1 offset ${options.maxRows})`)
    .returning({ id: auditLog.id });
  return old.length + surplus.length;
}
